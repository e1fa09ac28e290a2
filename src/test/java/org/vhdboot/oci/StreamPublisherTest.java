package org.vhdboot.oci;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body read from an input stream on a thread of its own: what waits in the stream is gathered into deliveries of up
 * to 1 MiB, never more than the body asks for are read ahead, an array released comes back, and closing the body early
 * drops the connection.
 */
class StreamPublisherTest {
    private static final Duration IDLE = Duration.ofSeconds(20);

    /** Records the furthest the reader ever got ahead of what the test has taken from the body. */
    private static final class CountingStream extends ByteArrayInputStream {
        final AtomicLong taken = new AtomicLong();
        final AtomicLong furthestAhead = new AtomicLong();
        private long served;

        CountingStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, Math.min(len, 64 << 10)); // as a socket read brings it
            if (n > 0) {
                served += n;
                furthestAhead.accumulateAndGet(served - taken.get(), Math::max);
            }
            return n;
        }
    }

    @Test
    void waitingBytesAreGatheredIntoMebibyteDeliveriesAndReadNoFurtherThanAsked() throws Exception {
        byte[] data = new byte[(BodyStream.WINDOW + 8) * StreamPublisher.CHUNK + 12345];
        new Random(3).nextBytes(data);
        CountingStream in = new CountingStream(data);
        BodyStream body = new BodyStream(IDLE, TimeBudget.NONE);
        StreamPublisher.start(in, () -> { }, body, "test-body");

        ByteBuffer first = body.next();
        assertEquals(StreamPublisher.CHUNK, first.remaining(), "64 KiB reads gathered while more was waiting");
        // Left alone, the reader reads until the body's requests run out, then waits: WINDOW + 1 deliveries. The
        // last request may wake it only after it was seen waiting (a busy machine), so the count is awaited first.
        long expected = (BodyStream.WINDOW + 1L) * StreamPublisher.CHUNK;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (in.furthestAhead.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        waitUntilStopped("test-body");
        assertEquals(expected, in.furthestAhead.get(), "bytes read ahead");

        List<Integer> sizes = new ArrayList<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (ByteBuffer next = first; next != null; next = body.next()) {
            sizes.add(next.remaining());
            all.write(next.array(), next.arrayOffset() + next.position(), next.remaining());
            in.taken.addAndGet(next.remaining());
        }
        assertArrayEquals(data, all.toByteArray());
        // The body asks for WINDOW deliveries ahead, and one more as it takes each (before the test counts it taken).
        assertTrue(in.furthestAhead.get() <= (BodyStream.WINDOW + 2L) * StreamPublisher.CHUNK,
                in.furthestAhead + " bytes read ahead");
        assertEquals(12345, sizes.get(sizes.size() - 1));
        assertTrue(sizes.subList(0, sizes.size() - 1).stream().allMatch(size -> size == StreamPublisher.CHUNK), sizes.toString());
    }

    /** Waits (at most 10 s) until the thread named {@code name} waits or has ended. */
    private static void waitUntilStopped(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                    .findFirst().orElse(null);
            // Waiting for the body's next request, not parked a moment on a lock the test's thread holds.
            if (thread == null || thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace())
                    .anyMatch(frame -> frame.getClassName().equals(Semaphore.class.getName()))) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError(name + " is still running");
    }

    @Test
    void releasedDeliveriesAreReadIntoAgain() throws Exception {
        int chunks = 3 * BodyStream.WINDOW;
        BodyStream body = new BodyStream(IDLE, TimeBudget.NONE);
        StreamPublisher.start(new ByteArrayInputStream(new byte[chunks * StreamPublisher.CHUNK]), () -> { }, body,
                "test-body");
        java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int deliveries = 0;
        for (ByteBuffer next = body.next(); next != null; next = body.next()) {
            arrays.add(next.array());
            deliveries++;
            body.release(next);
        }
        assertEquals(chunks, deliveries);
        // No more arrays than deliveries read ahead, plus the one being filled: the rest came back.
        assertTrue(arrays.size() <= BodyStream.WINDOW + 2, arrays.size() + " arrays for " + deliveries + " deliveries");
    }

    @Test
    void theNextBodyReadsIntoTheArraysTheLastOneReleased() throws Exception {
        // A pool of the test's own: the process-wide one is shared with whatever else this JVM runs.
        BufferPool arrays = new BufferPool(StreamPublisher.CHUNK, StreamPublisher.SPARES);
        // The first body's deliveries are all given back at its end: more arrays than any body holds in flight.
        List<ByteBuffer> first = new ArrayList<>();
        BodyStream firstBody = body("test-first-body", arrays);
        for (ByteBuffer next = firstBody.next(); next != null; next = firstBody.next()) {
            first.add(next);
        }
        first.forEach(firstBody::release);
        long before = arrays.made();
        BodyStream second = body("test-second-body", arrays);
        for (ByteBuffer next = second.next(); next != null; next = second.next()) {
            second.release(next);
        }
        // Each layer of a chain would otherwise make its arrays anew: zeroed, then garbage in the old generation.
        assertEquals(0, arrays.made() - before, "arrays made anew for the second body");
    }

    private static BodyStream body(String name, BufferPool arrays) {
        BodyStream body = new BodyStream(IDLE, TimeBudget.NONE);
        StreamPublisher.start(new ByteArrayInputStream(new byte[2 * BodyStream.WINDOW * StreamPublisher.CHUNK]),
                () -> { }, body, name, arrays);
        return body;
    }

    @Test
    void aSilentServerIsGivenUpOnAndItsConnectionDropped() throws Exception {
        CountDownLatch dropped = new CountDownLatch(1);
        InputStream silent = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    dropped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("Socket closed");
            }
        };
        BodyStream body = new BodyStream(Duration.ofMillis(100), TimeBudget.NONE);
        StreamPublisher.start(silent, dropped::countDown, body, "test-silent-body");
        IOException timeout = assertThrows(IOException.class, body::next);
        assertTrue(timeout.getMessage().startsWith("no data from the server"), timeout.getMessage());
        assertTrue(dropped.await(5, TimeUnit.SECONDS), "the connection was dropped");
    }
}
