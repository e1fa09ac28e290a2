package org.vhdboot.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a program with {@link ProcessBuilder}: standard input closed at once, both output streams drained on
 * their own threads (so a chatty program cannot block on a full pipe), and the whole process tree killed when
 * the time is up, since a wrapper script's children would otherwise keep the pipes open.
 */
final class LocalProcessRunner implements ProcessRunner {

    /** How long to wait for the output pipes to drain after the program itself has ended. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    @Override
    public ProcessResult run(List<String> argv, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        Process process = new ProcessBuilder(argv).start();
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        closeInput(process);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new TimeoutException(argv.get(0) + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new ProcessResult(process.exitValue(), collected(stdout, argv), collected(stderr, argv));
        } catch (InterruptedException interrupted) {
            killTree(process);
            throw interrupted;
        }
    }

    /** No program run here reads input; closing it makes one that tries see end-of-file instead of waiting. */
    private static void closeInput(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyGone) {
            // The program ended before its input was closed; nothing is lost.
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                bytes.complete(stream.readAllBytes());
            } catch (IOException | RuntimeException failure) {
                bytes.completeExceptionally(failure);
            }
        }, "process-output-reader");
        reader.setDaemon(true);
        reader.start();
        return bytes;
    }

    private static byte[] collected(CompletableFuture<byte[]> output, List<String> argv)
            throws IOException, InterruptedException {
        try {
            return output.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillOpen) {
            // Something the program started still holds its output open; never wait for it indefinitely.
            // The program itself finished in time, so this is unreadable output, not a timeout.
            throw new IOException("the output of " + argv.get(0) + " did not end after it exited", stillOpen);
        } catch (ExecutionException failed) {
            throw new IOException("Cannot read program output: " + failed.getCause().getMessage(), failed.getCause());
        }
    }

    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
