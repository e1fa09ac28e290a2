package org.vhdboot.windows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs programs as child processes, reading both outputs at once so neither pipe can fill and stall the child. */
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
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " seconds");
            }
            // A grandchild that inherited the pipes could keep them open after the program exits.
            return new CommandResult(process.exitValue(), stdout.get(10, TimeUnit.SECONDS),
                    stderr.get(10, TimeUnit.SECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            throw new IOException(command.get(0) + " finished but its output stayed open", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + command.get(0) + ": " + e.getCause().getMessage(), e);
        }
    }

    private String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), charset);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
