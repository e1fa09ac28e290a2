package org.vhdboot.testing;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the fuzzers' commands on a worker thread and gives up on one that hangs, so a hang becomes a finding instead
 * of a stalled run. The hung command keeps its thread (a daemon); the commands after it get a fresh one.
 */
public final class HangGuard implements AutoCloseable {
    private final String threadName;
    private ExecutorService worker;

    public HangGuard(String threadName) {
        this.threadName = threadName;
        this.worker = newWorker();
    }

    /** Thrown for a command still running after its time; the message names it. */
    public static final class Hang extends IOException {
        Hang(String message) {
            super(message);
        }
    }

    /**
     * {@code work}'s result, or a {@link Hang} naming {@code what} when it is still running after {@code seconds}.
     * What {@code work} throws is thrown as it was (an Error or an unchecked exception unwrapped).
     */
    public <T> T call(String what, long seconds, Callable<T> work) throws Exception {
        Future<T> result = worker.submit(work);
        try {
            return result.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new Hang(what + " did not finish within " + seconds + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
