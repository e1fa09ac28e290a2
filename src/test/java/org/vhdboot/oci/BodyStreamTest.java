package org.vhdboot.oci;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyStreamTest {
    /**
     * A body that never pauses, not even for the millisecond a spent budget still waits, ends when the session's time
     * budget does: the deliveries waiting are not read, and the transfer is cancelled.
     */
    @Test
    void aBodyThatNeverPausesEndsWhenTheTimeBudgetIsSpent() throws Exception {
        BodyStream body = new BodyStream(Duration.ofSeconds(60), TimeBudget.startingNow(Duration.ofMillis(50), "lab"));
        AtomicBoolean cancelled = new AtomicBoolean();
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                body.onNext(List.of(ByteBuffer.allocate(1024))); // always one more, at once
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        long started = System.nanoTime();
        OciException spent = assertThrows(OciException.class, () -> {
            for (ByteBuffer buffer = body.next(); buffer != null && System.nanoTime() - started < 5_000_000_000L;
                 buffer = body.next()) {
                buffer.position(buffer.limit());
            }
        });
        assertEquals(OciException.Kind.UNREACHABLE, spent.kind());
        assertTrue(spent.getMessage().startsWith("lab was still being waited for when the 50 ms"), spent.getMessage());
        assertTrue(cancelled.get());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "ended by the budget, not by the test's own limit");
    }

    @Test
    void withoutABudgetTheSameBodyIsNeverCut() throws Exception {
        BodyStream body = new BodyStream(Duration.ofSeconds(60), TimeBudget.NONE);
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                body.onNext(List.of(ByteBuffer.allocate(1024)));
            }

            @Override
            public void cancel() {
            }
        });
        for (int i = 0; i < 100_000; i++) {
            ByteBuffer buffer = body.next();
            buffer.position(buffer.limit());
        }
        body.close();
    }
}
