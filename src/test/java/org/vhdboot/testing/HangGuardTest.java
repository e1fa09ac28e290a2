package org.vhdboot.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HangGuardTest {
    @Test
    void aHungCommandBecomesAHangAndTheNextOneStillRuns() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (HangGuard guard = new HangGuard("hang-guard-test")) {
            HangGuard.Hang hang = assertThrows(HangGuard.Hang.class, () -> guard.call("status", 1, () -> {
                never.await();
                return 0;
            }));
            assertTrue(hang.getMessage().contains("status did not finish within 1 s"), hang.getMessage());
            assertEquals(3, guard.call("reset", 5, () -> 3));
        }
    }

    @Test
    void whatTheCommandThrowsComesOutAsItWas() throws Exception {
        try (HangGuard guard = new HangGuard("hang-guard-test")) {
            IOException thrown = new IOException("disk full");
            assertSame(thrown, assertThrows(IOException.class, () -> guard.call("write", 5, () -> {
                throw thrown;
            })));
            StackOverflowError error = new StackOverflowError();
            assertSame(error, assertThrows(StackOverflowError.class, () -> guard.call("info", 5, () -> {
                throw error;
            })));
        }
    }
}
