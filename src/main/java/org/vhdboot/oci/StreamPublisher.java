package org.vhdboot.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;

/**
 * Reads a response body from an {@link InputStream} on a thread of its own and hands it to a {@link BodyStream} as
 * the JDK client does, and only as many deliveries ahead as the body asks for. A delivery is what one read brought,
 * or up to {@value #CHUNK} bytes while more is waiting, in an array that is used again once the reader releases it
 * ({@link BodyStream#release}): nothing is copied, and a thread per stage (this one reading, the caller hashing, a
 * third writing) keeps up with a fast link.
 */
final class StreamPublisher implements Flow.Subscription, Runnable {
    /**
     * The most one delivery gathers while more is waiting in the socket: a read brings 64 KiB or less, and handing
     * each on by itself (a wake-up of the hashing thread, then of the writing one) cost more CPU than the hash.
     */
    static final int CHUNK = 1 << 20;
    /**
     * Arrays kept for reuse once their delivery was written, by every body this process reads: fresh ones would be
     * zeroed, and would fill the old generation (where arrays this size are made) with garbage, one full collection
     * per layer of a chain. As many as a download holds at most: its window, the writer's queue, and two in hand.
     */
    static final int SPARES = 2 * BodyStream.WINDOW + 2;
    private static final BufferPool ARRAYS = new BufferPool(CHUNK, SPARES);

    private final InputStream in;
    private final Runnable disconnect;
    private final BodyStream body;
    private final Semaphore asked = new Semaphore(0);
    private final BufferPool arrays;
    private final Thread thread;
    private volatile boolean cancelled;

    private StreamPublisher(InputStream in, Runnable disconnect, BodyStream body, String name, BufferPool arrays) {
        this.arrays = arrays;
        this.in = in;
        this.disconnect = disconnect;
        this.body = body;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    /**
     * Starts reading {@code in} for {@code body}; {@code disconnect} drops the connection of a body left before its
     * end. It runs on the reading thread: {@code HttpURLConnection} drops a connection only once a read in progress
     * returns, so a body closed on a silent server would otherwise hold its closer until the socket's timeout.
     */
    static void start(InputStream in, Runnable disconnect, BodyStream body, String name) {
        start(in, disconnect, body, name, ARRAYS);
    }

    /** As {@link #start(InputStream, Runnable, BodyStream, String)}, reading into {@code arrays}' arrays. */
    static void start(InputStream in, Runnable disconnect, BodyStream body, String name, BufferPool arrays) {
        StreamPublisher publisher = new StreamPublisher(in, disconnect, body, name, arrays);
        body.onSubscribe(publisher);
        body.recycleWith(publisher::reuse);
        publisher.thread.start();
    }

    @Override
    public void run() {
        boolean whole = false;
        try {
            whole = pump();
        } catch (IOException e) {
            if (!cancelled) {
                body.onError(e);
            }
        } catch (InterruptedException e) {
            // Cancelled.
        } finally {
            if (whole) {
                closeQuietly(); // read to its end: the connection goes back to the JDK's keep-alive cache
            } else {
                disconnect.run();
            }
        }
    }

    /** Reads and delivers until the end of the body (true) or a cancel (false). */
    private boolean pump() throws IOException, InterruptedException {
        while (true) {
            asked.acquire();
            if (cancelled) {
                return false;
            }
            byte[] chunk = arrays.take();
            int filled = 0;
            boolean ended = false;
            do {
                int read = in.read(chunk, filled, chunk.length - filled);
                if (read < 0) {
                    ended = true;
                    break;
                }
                filled += read;
            } while (filled < chunk.length && in.available() > 0);
            if (cancelled) {
                return false;
            }
            if (filled > 0) {
                body.onNext(List.of(ByteBuffer.wrap(chunk, 0, filled)));
            }
            if (ended) {
                body.onComplete();
                return true;
            }
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException e) {
            // Read to its end already; nothing is lost.
        }
    }

    /** A delivery its reader is done with: its array serves again. */
    private void reuse(ByteBuffer delivered) {
        if (delivered.hasArray() && delivered.arrayOffset() == 0) {
            arrays.giveBack(delivered.array());
        }
    }

    @Override
    public void request(long n) {
        asked.release((int) Math.min(n, Integer.MAX_VALUE / 2));
    }

    /** Returns at once; the reading thread drops the connection (see {@link #start}). */
    @Override
    public void cancel() {
        cancelled = true;
        thread.interrupt();
    }
}
