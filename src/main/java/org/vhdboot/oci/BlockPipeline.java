package org.vhdboot.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Gathers a download's small network buffers into blocks of {@value #BLOCK} bytes and hands them to a second
 * thread that hashes and writes them, so SHA-256 runs while the next bytes arrive. When the network pauses,
 * the partial block is written at once, so a download killed while stalled resumes from all it received. {@value #BLOCKS} blocks in
 * all bound the memory. A write failure (a full disk) is thrown to the caller at its next call, as it is.
 */
final class BlockPipeline implements AutoCloseable {
    static final int BLOCK = 1 << 20;
    static final int BLOCKS = 4;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final PartFile part;
    private final TransferListener listener;
    private final long total;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final Thread writer;
    private volatile IOException failure;
    private ByteBuffer current;

    BlockPipeline(PartFile part, TransferListener listener, long total) {
        this.part = part;
        this.listener = listener;
        this.total = total;
        for (int i = 0; i < BLOCKS; i++) {
            free.add(ByteBuffer.allocate(BLOCK));
        }
        writer = new Thread(this::writeBlocks, "vhdboot-blob-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Copies {@code data} into the current block, handing full blocks to the writer. */
    void accept(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            if (current == null) {
                current = take(free);
            }
            int count = Math.min(data.remaining(), current.remaining());
            current.put(data.slice().limit(count));
            data.position(data.position() + count);
            if (!current.hasRemaining()) {
                handOver();
            }
        }
    }

    /** Hands over a partly filled block: the network paused, so what arrived goes to disk now. */
    void flushPartial() throws IOException {
        if (current != null && current.position() > 0) {
            handOver();
        }
    }

    /** Writes everything accepted so far; when it returns, the part file holds it (or the failure is thrown). */
    void drain() throws IOException {
        if (current != null && current.position() > 0) {
            handOver();
        }
        put(full, END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a download");
        }
        rethrow();
    }

    private void handOver() throws IOException {
        rethrow();
        current.flip();
        put(full, current);
        current = null;
    }

    private void writeBlocks() {
        try {
            for (ByteBuffer block = full.take(); block != END; block = full.take()) {
                if (failure == null) {
                    try {
                        part.append(block);
                        listener.progress(part.length(), total);
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                block.clear();
                free.put(block);
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

    private ByteBuffer take(BlockingQueue<ByteBuffer> queue) throws IOException {
        try {
            ByteBuffer block = queue.take();
            rethrow();
            return block;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading");
        }
    }

    private static void put(BlockingQueue<ByteBuffer> queue, ByteBuffer block) throws IOException {
        try {
            queue.put(block);
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
