package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two resets at once: one wins, the other says "busy" and changes nothing. */
class ConcurrentResetTest {
    @TempDir
    Path dir;

    @Test
    void oneResetWinsAndTheOtherIsBusy() throws Exception {
        TestWorld world = new TestWorld();
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        layout.writeUserChanges(layout.current);

        CountDownLatch firstIsInside = new CountDownLatch(1);
        CountDownLatch secondIsDone = new CountDownLatch(1);
        IoStepHook pauseOnce = new IoStepHook() {
            private boolean paused;

            @Override
            public synchronized void beforeStep(Step step, Path path, long position, long length) {
                if (!paused && path.getFileName().toString().equals(ResetJournal.FILE_NAME.replace(".journal",
                        ".vhdboot-tmp.journal"))) {
                    paused = true;
                    firstIsInside.countDown();
                    try {
                        secondIsDone.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        TestWorld paused = new TestWorld().with(IoStepHook.class, pauseOnce);
        CompletableFuture<ResetOperation.Result> first = CompletableFuture.supplyAsync(() -> {
            try {
                return paused.reset(dir, Role.CURRENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstIsInside.await(30, TimeUnit.SECONDS), "the first reset reached its journal");
        String before = LayoutFixture.sha256(layout.current);
        OperationException second;
        String after;
        try {
            second = assertThrows(OperationException.class, () -> world.reset(dir, Role.CURRENT));
            // Read while the first reset still waits: once released it replaces Current itself.
            after = LayoutFixture.sha256(layout.current);
        } finally {
            secondIsDone.countDown();
        }

        assertEquals(OperationException.Kind.BUSY, second.kind());
        assertTrue(second.getMessage().contains("busy"), second.getMessage());
        assertEquals(before, after, "the busy reset changed nothing");
        first.get(60, TimeUnit.SECONDS);
        assertTrue(layout.isFreshChild(layout.current));
    }
}
