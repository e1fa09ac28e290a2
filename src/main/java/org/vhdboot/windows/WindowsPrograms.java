package org.vhdboot.windows;

import org.vhdboot.process.ProcessResult;
import org.vhdboot.process.ProcessRunner;

import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * How vhdboot runs Windows' own programs (schtasks, shutdown, msg, wpeutil, icacls, powershell): through a
 * {@link ProcessRunner}, the seam tests replace, with one time limit, the output decoded in the console code
 * page, and every failure to run one an {@link IOException}.
 */
public final class WindowsPrograms {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final ProcessRunner runner;
    private final Charset charset;
    private final Duration timeout;

    public WindowsPrograms(ProcessRunner runner, Charset charset, Duration timeout) {
        this.runner = runner;
        this.charset = charset;
        this.timeout = timeout;
    }

    /** Child processes of this JVM, read in this machine's console code page, two minutes each at most. */
    public static WindowsPrograms local() {
        return new WindowsPrograms(ProcessRunner.local(), ConsoleCodePage.current(), DEFAULT_TIMEOUT);
    }

    /** Runs {@code command} (program first) to its end. */
    public ProgramOutput run(List<String> command) throws IOException {
        String program = command.get(0);
        ProcessResult result;
        try {
            result = runner.run(command, timeout);
        } catch (TimeoutException e) {
            throw new IOException(program + " did not finish within " + timeout.toSeconds() + " seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + program, e);
        } catch (IOException e) {
            throw new IOException("cannot run " + program + ": " + e.getMessage(), e);
        }
        return new ProgramOutput(result.exitCode(), new String(result.stdout(), charset),
                new String(result.stderr(), charset));
    }
}
