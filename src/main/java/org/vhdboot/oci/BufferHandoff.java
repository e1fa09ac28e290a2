package org.vhdboot.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands buffers, in order, to a thread of its own that passes each to a consumer, so the producer's work on the next
 * buffer (reading the network, decompressing) runs while the consumer hashes or writes this one. The buffers change
 * owner: the producer must not touch one after handing it over. At most {@code capacity} wait, which bounds the
 * memory. The consumer's first failure (a full disk, or an error) is thrown to the producer at its next call, as it
 * is; the consumer is not called again after it, and the thread goes on taking buffers so the producer never blocks.
 */
public final class BufferHandoff implements AutoCloseable {
    /** What the handoff's thread does with each buffer. */
    @FunctionalInterface
    public interface Consumer {
        void accept(ByteBuffer data) throws IOException;
    }

    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final BlockingQueue<ByteBuffer> queue;
    private final Consumer consumer;
    private final Thread thread;
    private volatile Throwable failure;
    private boolean finished;

    public BufferHandoff(String threadName, int capacity, Consumer consumer) {
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.consumer = consumer;
        this.thread = new Thread(this::consume, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands {@code data} over; waits while {@code capacity} buffers wait already. */
    public void put(ByteBuffer data) throws IOException {
        rethrow();
        enqueue(data);
    }

    /** Waits until every buffer handed over was consumed; throws the consumer's failure if there was one. */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            enqueue(END);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + thread.getName() + " finished");
            }
        }
        rethrow();
    }

    private void consume() {
        try {
            for (ByteBuffer buffer = queue.take(); buffer != END; buffer = queue.take()) {
                if (failure == null) {
                    try {
                        consumer.accept(buffer);
                    } catch (IOException | RuntimeException | Error e) {
                        failure = e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() throws IOException {
        Throwable failed = failure;
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }

    private void enqueue(ByteBuffer buffer) throws IOException {
        try {
            queue.put(buffer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing data to " + thread.getName());
        }
    }

    /**
     * Stops the thread if {@link #finish()} was not reached (the producer is failing anyway) and waits for it, so
     * nothing is written after the producer moves on.
     */
    @Override
    public void close() {
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
