package org.vhdboot.ops;

import org.vhdboot.windows.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.io.IoStepHook;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two resets at once: one wins, the other says "busy" and changes nothing. */
class ConcurrentResetTest {
    @TempDir
    Path dir;

    @Test
    void oneResetWinsAndTheOtherIsBusy() throws Exception {
        Services plain = TestWorld.portable(Clock.systemUTC()).with(Platform.class, new FakePlatform());
        LayoutFixture layout = LayoutFixture.initialized(dir, plain);
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
        CompletableFuture<CommandRun> first = CompletableFuture.supplyAsync(() ->
                CommandRun.with(plain.with(IoStepHook.class, pauseOnce), "reset", "--yes", "--layout", dir.toString()));
        assertTrue(firstIsInside.await(30, TimeUnit.SECONDS), "the first reset reached its journal");
        CommandRun second = CommandRun.with(plain, "reset", "--yes", "--layout", dir.toString());
        secondIsDone.countDown();

        assertEquals(ExitCode.BUSY.code(), second.exitCode(), second.toString());
        assertTrue(second.err().contains("busy"), second.err());
        assertEquals(1, second.err().lines().count(), second.err());
        CommandRun winner = first.get(60, TimeUnit.SECONDS);
        assertEquals(0, winner.exitCode(), winner.toString());
        assertTrue(layout.isFreshChild(layout.current));
    }
}
