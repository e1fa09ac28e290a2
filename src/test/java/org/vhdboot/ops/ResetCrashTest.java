package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.testing.CrashAfterSteps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Stops a reset after each of its I/O steps in turn, as a crash would, and checks that Current is always
 * either the old child or a fresh one, that a rerun always yields a fresh Current, and that the parent
 * never changes.
 */
class ResetCrashTest {
    @TempDir
    Path root;

    @Test
    void aResetStoppedAfterAnyStepLeavesAValidCurrentAndARerunFinishesIt() throws Exception {
        FakePlatform platform = new FakePlatform();
        Services plain = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(platform);
        int completedAt = -1;
        for (int allowed = 0; allowed < 200 && completedAt < 0; allowed++) {
            Path dir = Files.createDirectory(root.resolve("run" + allowed));
            LayoutFixture layout = LayoutFixture.initialized(dir, plain);
            layout.writeUserChanges(layout.current);
            String parentHash = LayoutFixture.sha256(layout.parent);

            CrashAfterSteps crash = new CrashAfterSteps(allowed);
            CommandRun stopped = CommandRun.with(plain.withIoHook(crash), "reset", "--yes", "--layout", dir.toString());
            if (stopped.exitCode() == 0) {
                completedAt = allowed;
            }
            byte[] head = LayoutFixture.head(layout.current, 32);
            boolean old = LayoutFixture.startsWith(head, LayoutFixture.USER);
            boolean fresh = layout.isFreshChild(layout.current);
            if (!old && !fresh) {
                fail("stopped at " + crash.crashedAt() + ": Current is neither old nor fresh");
            }
            assertEquals(parentHash, LayoutFixture.sha256(layout.parent), "parent changed after " + allowed + " steps");

            CommandRun rerun = CommandRun.with(plain, "reset", "--yes", "--layout", dir.toString());
            assertEquals(0, rerun.exitCode(), "rerun after " + allowed + " steps: " + rerun);
            assertTrue(layout.isFreshChild(layout.current), "fresh after rerun (" + allowed + " steps)");
            assertEquals(parentHash, LayoutFixture.sha256(layout.parent));
            assertTrue(!Files.exists(dir.resolve(ResetJournal.FILE_NAME)), "journal cleared after rerun");
            try (var leftovers = Files.list(dir)) {
                assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().contains(".vhdboot-tmp")),
                        "no temporary files after rerun (" + allowed + " steps)");
            }
        }
        assertTrue(completedAt > 5, "the reset has several I/O steps; it completed after " + completedAt);
    }

    /** Status reports the interrupted reset and changes nothing; the next reset finishes it. */
    @Test
    void statusReportsAnInterruptedResetThatTheNextResetFinishes() throws Exception {
        FakePlatform platform = new FakePlatform();
        Services plain = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(platform);
        LayoutFixture layout = LayoutFixture.initialized(root, plain);
        layout.writeUserChanges(layout.current);
        // Find a stop point after the new child is complete but before the rename: the journal names it.
        for (int allowed = 1; allowed < 200; allowed++) {
            CommandRun stopped = CommandRun.with(plain.withIoHook(new CrashAfterSteps(allowed)), "reset", "--yes",
                    "--layout", root.toString());
            if (stopped.exitCode() == 0) {
                fail("never found a stop between creating the child and renaming it");
            }
            Path replacement = root.resolve("Gold-Current.vhdboot-tmp.vhdx");
            if (Files.exists(replacement) && layout.isFreshChild(replacement)
                    && LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER)) {
                FolderSnapshot before = FolderSnapshot.of(root);
                CommandRun status = CommandRun.with(plain, "status", "--layout", root.toString());
                assertTrue(status.out().contains("was interrupted; `vhdboot reset current` finishes it"),
                        status.toString());
                assertEquals(1, status.exitCode(), status.toString());
                assertEquals(java.util.List.of(), before.changesTo(FolderSnapshot.of(root)));
                CommandRun reset = CommandRun.with(plain, "reset", "--yes", "--layout", root.toString());
                assertTrue(reset.err().contains("finished an interrupted reset of current"), reset.toString());
                assertEquals(0, reset.exitCode(), reset.toString());
                assertTrue(layout.isFreshChild(layout.current));
                return;
            }
            // Not the interesting point: put things back as a rerun would.
            assertEquals(0, CommandRun.with(plain, "reset", "--yes", "--layout", root.toString()).exitCode());
            layout.writeUserChanges(layout.current);
        }
        fail("no stop point found");
    }
}
