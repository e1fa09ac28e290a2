package org.vhdboot.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes a download's network buffers on the caller's thread and hands them to a second thread that writes them,
 * so SHA-256, the write and the next read run at once (the three cost about the same per byte). The JDK's client
 * gives the buffers up once delivered, so they are passed on without a copy; at most {@value #IN_FLIGHT} wait,
 * which bounds the memory. A write failure (a full disk) is thrown to the caller at its next call, as it is.
 */
final class BlockPipeline implements AutoCloseable {
    static final int IN_FLIGHT = 16;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final PartFile part;
    private final TransferListener listener;
    private final long total;
    private final BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
    private final Thread writer;
    private volatile IOException failure;
    private boolean drained;

    BlockPipeline(PartFile part, TransferListener listener, long total) {
        this.part = part;
        this.listener = listener;
        this.total = total;
        writer = new Thread(this::writeBuffers, "vhdboot-blob-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Hashes {@code data} (now owned by the pipeline) and queues it for writing. */
    void accept(ByteBuffer data) throws IOException {
        rethrow();
        if (part.overflows(data.remaining())) {
            drain(); // the writer stops before the part is deleted
        }
        part.hash(data);
        put(data);
    }

    /** Writes everything accepted so far; when it returns, the part file holds it (or the failure is thrown). */
    void drain() throws IOException {
        if (!drained) {
            drained = true;
            put(END);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing a download");
            }
        }
        rethrow();
    }

    private void writeBuffers() {
        try {
            for (ByteBuffer buffer = queue.take(); buffer != END; buffer = queue.take()) {
                if (failure == null) {
                    try {
                        part.write(buffer);
                        listener.progress(part.length(), total);
                    } catch (IOException e) {
                        failure = e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    private void put(ByteBuffer buffer) throws IOException {
        try {
            queue.put(buffer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading");
        }
    }

    /** Stops the writer if {@link #drain()} was not reached (the caller is failing anyway). */
    @Override
    public void close() {
        if (writer.isAlive()) {
            writer.interrupt();
        }
    }
}
