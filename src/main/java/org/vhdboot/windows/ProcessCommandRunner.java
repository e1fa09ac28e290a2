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
        this(120, nativeCharset());
    }

    public ProcessCommandRunner(long timeoutSeconds, Charset charset) {
        this.timeoutSeconds = timeoutSeconds;
        this.charset = charset;
    }

    /** The charset Windows programs write when redirected; vhdboot only relies on their ASCII output. */
    private static Charset nativeCharset() {
        String name = System.getProperty("native.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
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
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " seconds");
            }
            return new CommandResult(process.exitValue(), stdout.get(), stderr.get());
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
