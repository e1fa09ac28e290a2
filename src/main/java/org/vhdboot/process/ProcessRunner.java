package org.vhdboot.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs one external program to completion and hands back its raw output: the one seam through which vhdboot
 * starts programs (bcdedit in {@code boot}, Windows' own programs through {@code windows.WindowsPrograms}), and
 * the one tests replace.
 */
@FunctionalInterface
public interface ProcessRunner {

    /**
     * Runs {@code argv} (program first) with no input and returns its exit code and raw output.
     *
     * @throws IOException          if the program cannot be started or its output cannot be read
     * @throws TimeoutException     if it did not finish within {@code timeout}; it has then been killed
     * @throws InterruptedException if the calling thread was interrupted; the program has then been killed
     */
    ProcessResult run(List<String> argv, Duration timeout) throws IOException, TimeoutException, InterruptedException;

    /** Runs programs as child processes of this JVM. */
    static ProcessRunner local() {
        return new LocalProcessRunner();
    }
}
