package org.vhdboot.boot;

import org.vhdboot.process.ProcessRunner;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Objects;

/**
 * How bcdedit is run: the process runner, the console code page its output is written in (see
 * {@code windows.ConsoleCodePage.current()}), and how long one run may take.
 */
public record BcdeditProcess(ProcessRunner runner, Charset outputCharset, Duration timeout) {

    /** Generous for a command that normally takes well under a second, but never endless. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public BcdeditProcess {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(outputCharset, "outputCharset");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The bcdedit timeout must be positive: " + timeout);
        }
    }

    /** bcdedit as a child process of this JVM, with the default timeout. */
    public static BcdeditProcess local(Charset outputCharset) {
        return new BcdeditProcess(ProcessRunner.local(), outputCharset, DEFAULT_TIMEOUT);
    }
}
