package org.vhdboot.windows;

import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** {@link CommandRunner} on {@link ProcessRunner#local()}, with the output decoded in the console code page. */
public final class ProcessCommandRunner implements CommandRunner {
    private final long timeoutSeconds;
    private final Charset charset;

    public ProcessCommandRunner() {
        this(120, ConsoleCodePage.current());
    }

    public ProcessCommandRunner(long timeoutSeconds, Charset charset) {
        this.timeoutSeconds = timeoutSeconds;
        this.charset = charset;
    }

    @Override
    public CommandResult run(List<String> command) throws IOException {
        String program = command.get(0);
        ProcessResult result;
        try {
            result = ProcessRunner.local().run(command, Duration.ofSeconds(timeoutSeconds));
        } catch (TimeoutException e) {
            throw new IOException(program + " did not finish within " + timeoutSeconds + " seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + program, e);
        } catch (IOException e) {
            throw new IOException("cannot run " + program + ": " + e.getMessage(), e);
        }
        return new CommandResult(result.exitCode(), new String(result.stdout(), charset),
                new String(result.stderr(), charset));
    }
}
