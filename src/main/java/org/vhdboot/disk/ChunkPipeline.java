package org.vhdboot.disk;

import org.vhdboot.disk.io.ZeroBytes;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Copies a chain into a layer chunk by chunk with reading and writing overlapped: a reader thread fills the
 * next chunks while the calling thread writes the previous one. Copies between page-cached files are CPU
 * bound in the kernel on both sides, so two threads make them up to twice as fast (docs/benchmarks.md).
 * Only the reader touches the chain and only the caller touches the output; chunks that are all zeros are
 * never written, so they stay unallocated.
 */
final class ChunkPipeline {
    /** Enough to keep both threads busy; bounds the memory to this many chunks. */
    private static final int BUFFERS = 3;

    private final Chain source;
    private final Layer target;
    private final int chunk;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private volatile boolean cancelled;

    private enum Kind { DATA, ZEROS, END, FAILED }

    /** What the reader hands over: data read into a pooled buffer, zeros, the end of the disk, or its failure. */
    private record Chunk(Kind kind, long offset, long length, ByteBuffer buffer, Throwable failure) {
    }

    ChunkPipeline(Chain source, Layer target, int chunk) {
        this.source = source;
        this.target = target;
        this.chunk = chunk;
    }

    void copy(ProgressListener progress) throws IOException {
        for (int i = 0; i < BUFFERS; i++) {
            free.add(pageAligned(chunk));
        }
        Thread reader = new Thread(this::readAll, "vhdboot-convert-reader");
        reader.setDaemon(true);
        reader.start();
        boolean finished = false;
        try {
            long size = source.size();
            while (true) {
                Chunk next = filled.take();
                if (next.kind() == Kind.FAILED) {
                    throw rethrown(next.failure());
                }
                if (next.kind() == Kind.END) {
                    break;
                }
                if (next.kind() == Kind.DATA) {
                    target.writeSectors(next.offset(), next.buffer());
                }
                if (next.buffer() != null) {
                    free.add(next.buffer());
                }
                progress.progress(next.offset() + next.length(), size);
            }
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("conversion interrupted");
        } finally {
            if (!finished) {
                cancelled = true;
            }
            joinQuietly(reader);
        }
    }

    private void readAll() {
        try {
            long size = source.size();
            for (long at = 0; at < size && !cancelled; ) {
                int n = (int) Math.min(chunk, size - at);
                long unstored = source.unstoredLength(at, size - at);
                if (unstored >= n) {
                    // Nothing stored: zeros, which the target leaves unallocated. No need to read them, and a
                    // run of such chunks (terabytes of an empty disk) goes over as one.
                    long run = unstored >= size - at ? size - at : unstored / chunk * chunk;
                    hand(new Chunk(Kind.ZEROS, at, run, null, null));
                    at += run;
                    continue;
                }
                long start = at;
                at += n;
                ByteBuffer buffer = null;
                while (buffer == null && !cancelled) {
                    buffer = free.poll(100, TimeUnit.MILLISECONDS);
                }
                if (buffer == null) {
                    return;
                }
                buffer.clear().limit(n);
                source.read(start, buffer);
                buffer.flip();
                if (ZeroBytes.isZero(buffer)) {
                    free.add(buffer);
                    hand(new Chunk(Kind.ZEROS, start, n, null, null));
                } else {
                    hand(new Chunk(Kind.DATA, start, n, buffer, null));
                }
            }
            hand(new Chunk(Kind.END, size, 0, null, null));
        } catch (Throwable e) {
            try {
                hand(new Chunk(Kind.FAILED, 0, 0, null, e));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Passes a chunk on unless the copy was cancelled, in which case nobody takes it any more. */
    private void hand(Chunk next) throws InterruptedException {
        while (!cancelled && !filled.offer(next, 100, TimeUnit.MILLISECONDS)) {
            // The writer is busy; wait for room.
        }
    }

    /**
     * A direct buffer that starts on a page boundary. allocateDirect's memory starts a few bytes past one,
     * and the kernel copies page-cache data into an unaligned buffer about 1.5 times slower (measured:
     * 1 GiB in 4 MiB reads, 104 ms aligned against 151 ms).
     */
    static ByteBuffer pageAligned(int capacity) {
        int page = 4096;
        return ByteBuffer.allocateDirect(capacity + page).alignedSlice(page).limit(capacity).slice();
    }

    private static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException) {
            return (IOException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new IOException(failure);
    }

    private static void joinQuietly(Thread reader) {
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
