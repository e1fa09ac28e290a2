package org.vhdboot.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A response body read one buffer at a time, with the JDK client's back-pressure: at most {@value #WINDOW}
 * deliveries (of up to 1 MiB each from a {@link StreamPublisher}, or what the JDK client read) are asked for ahead of
 * the reader, so memory stays bounded whatever the body's size while another thread keeps reading the socket. Unlike
 * the JDK's own input stream, a silent server ends the read after {@code idleTimeout} instead of blocking forever,
 * and so does one that sends less than {@value #MIN_BYTES_PER_IDLE_TIMEOUT} bytes per idle timeout spent waiting.
 */
final class BodyStream implements HttpResponse.BodySubscriber<BodyStream>, AutoCloseable {
    private static final Object END = new Object();
    static final int WINDOW = 16;
    /**
     * What a body must bring for each idle timeout spent waiting for it (about 1 KiB/s at the default 60 s): a server
     * that drips a byte before each silence would run out would otherwise hold a pull, and the agent's night, forever.
     * Only time waiting for the server counts, so a slow disk behind the reader is never blamed on it.
     */
    static final long MIN_BYTES_PER_IDLE_TIMEOUT = 64 << 10;

    private final LinkedBlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final CompletableFuture<BodyStream> body = CompletableFuture.completedFuture(this);
    private final Duration idleTimeout;
    private final TimeBudget budget;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> current = List.<ByteBuffer>of().iterator();
    private volatile Consumer<ByteBuffer> recycler = buffer -> { };
    private boolean ended;
    private long waitedNanos;
    private long bytesSinceWaitStarted;

    BodyStream(Duration idleTimeout, TimeBudget budget) {
        this.idleTimeout = idleTimeout;
        this.budget = budget;
    }

    static HttpResponse.BodyHandler<BodyStream> handler(Duration idleTimeout, TimeBudget budget) {
        return info -> new BodyStream(idleTimeout, budget);
    }

    @Override
    public CompletionStage<BodyStream> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription given) {
        subscription = given;
        given.request(WINDOW);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrivals.add(item);
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(failure);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    /** The next non-empty buffer, or null at the end of the body. */
    ByteBuffer next() throws IOException {
        while (true) {
            while (current.hasNext()) {
                ByteBuffer buffer = current.next();
                if (buffer.hasRemaining()) {
                    return buffer;
                }
            }
            if (ended) {
                return null;
            }
            Object item = take();
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof Throwable) {
                ended = true;
                Throwable failure = (Throwable) item;
                throw failure instanceof IOException ? (IOException) failure
                        : new IOException("the connection failed: " + failure.getMessage(), failure);
            }
            if (budget.spent()) {
                // A body that never pauses would never meet the budget in take().
                close();
                throw budget.exceeded();
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) item;
            requireProgress(buffers);
            current = buffers.iterator();
            subscription.request(1);
        }
    }

    /** Counts {@code buffers}; once an idle timeout was spent waiting, what arrived in it must reach the floor. */
    private void requireProgress(List<ByteBuffer> buffers) throws IOException {
        for (ByteBuffer buffer : buffers) {
            bytesSinceWaitStarted += buffer.remaining();
        }
        if (waitedNanos < idleTimeout.toNanos()) {
            return;
        }
        if (bytesSinceWaitStarted < MIN_BYTES_PER_IDLE_TIMEOUT) {
            close();
            throw new java.net.http.HttpTimeoutException("the server sent " + bytesSinceWaitStarted + " bytes in "
                    + idleTimeout.toSeconds() + " s of waiting, too slow (at least " + MIN_BYTES_PER_IDLE_TIMEOUT
                    + " are expected)");
        }
        waitedNanos = 0;
        bytesSinceWaitStarted = 0;
    }

    private Object take() throws IOException {
        try {
            long start = System.nanoTime();
            Object item = arrivals.poll(budget.cap(idleTimeout).toNanos(), TimeUnit.NANOSECONDS);
            waitedNanos += System.nanoTime() - start;
            if (item == null && budget.spent()) {
                close();
                throw budget.exceeded();
            }
            if (item == null) {
                close();
                throw new java.net.http.HttpTimeoutException("no data from the server for "
                        + TimeBudget.describe(idleTimeout));
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new java.io.InterruptedIOException("interrupted while reading a response");
        }
    }

    /** Where {@link #release} sends a buffer: the source that reads into buffers of its own, to use it again. */
    void recycleWith(Consumer<ByteBuffer> source) {
        recycler = source;
    }

    /**
     * A buffer from {@link #next} that its reader (on any thread) is done with; optional, and never to be touched
     * after, since the source may read into it again.
     */
    void release(ByteBuffer buffer) {
        recycler.accept(buffer);
    }

    /** The whole body, refused past {@code limit} bytes. */
    byte[] readAll(int limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer = next(); buffer != null; buffer = next()) {
            if (out.size() + buffer.remaining() > limit) {
                close();
                throw new OciException(OciException.Kind.PROTOCOL, what + " is larger than " + limit + " bytes");
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.write(chunk);
        }
        return out.toByteArray();
    }

    /** Stops the transfer; the connection is dropped if the body was not read to its end. */
    @Override
    public void close() {
        Flow.Subscription given = subscription;
        if (given != null && !ended) {
            given.cancel();
        }
        ended = true;
    }
}
