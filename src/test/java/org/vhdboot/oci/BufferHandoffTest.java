package org.vhdboot.oci;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The handoff a download and an unpacking write through: order, bounded waiting, and failures that come back. */
class BufferHandoffTest {

    private static ByteBuffer numbered(int i) {
        return ByteBuffer.allocate(4).putInt(0, i);
    }

    @Test
    void everyBufferIsConsumedInOrderBeforeFinishReturns() throws Exception {
        List<Integer> seen = new ArrayList<>();
        try (BufferHandoff handoff = new BufferHandoff("test-consumer", 2, data -> seen.add(data.getInt(0)))) {
            for (int i = 0; i < 1000; i++) {
                handoff.put(numbered(i));
            }
            handoff.finish();
        }
        assertEquals(1000, seen.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void theConsumersFailureReachesTheProducerAndNothingIsConsumedAfterIt() {
        AtomicInteger calls = new AtomicInteger();
        IOException full = new IOException("No space left on device");
        IOException thrown = assertThrows(IOException.class, () -> {
            try (BufferHandoff handoff = new BufferHandoff("test-consumer", 2, data -> {
                if (calls.incrementAndGet() == 3) {
                    throw full;
                }
            })) {
                for (int i = 0; i < 100; i++) {
                    handoff.put(numbered(i));
                }
                handoff.finish();
            }
        });
        assertSame(full, thrown);
        assertEquals(3, calls.get());
    }

    @Test
    void anErrorInTheConsumerIsThrownAsItIsInsteadOfLeavingTheProducerWaiting() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> {
            try (BufferHandoff handoff = new BufferHandoff("test-consumer", 1, data -> {
                throw oom;
            })) {
                for (int i = 0; i < 100; i++) {
                    handoff.put(numbered(i));
                }
                handoff.finish();
            }
        });
        assertSame(oom, thrown);
    }
}
