package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Stops a reset before each of its I/O steps in turn, as a crash would (the hook refuses that step and every
 * later one, so no cleanup reaches the disk either), and checks that Current is always either the old child or
 * a fresh one, that a rerun always yields a fresh Current, and that the parent never changes.
 */
class ResetCrashTest {
    @TempDir
    Path root;

    private final TestWorld world = new TestWorld();

    /** Resets Current with {@code hook} watching; returns whether it completed. */
    private static boolean resetWith(Path dir, IoStepHook hook) throws Exception {
        try {
            new TestWorld().with(IoStepHook.class, hook).reset(dir, Role.CURRENT);
            return true;
        } catch (SimulatedCrash crashed) {
            return false;
        }
    }

    @Test
    void aResetStoppedAfterAnyStepLeavesAValidCurrentAndARerunFinishesIt() throws Exception {
        int completedAt = -1;
        for (int allowed = 0; allowed < 200 && completedAt < 0; allowed++) {
            Path dir = Files.createDirectory(root.resolve("run" + allowed));
            LayoutFixture layout = LayoutFixture.initialized(dir, world);
            layout.writeUserChanges(layout.current);
            String parentHash = LayoutFixture.sha256(layout.parent);

            CrashAfterSteps crash = new CrashAfterSteps(allowed);
            if (resetWith(dir, crash)) {
                completedAt = allowed;
            }
            byte[] head = LayoutFixture.head(layout.current, 32);
            boolean old = LayoutFixture.startsWith(head, LayoutFixture.USER);
            boolean fresh = layout.isFreshChild(layout.current);
            if (!old && !fresh) {
                fail("stopped at " + crash.crashedAt() + ": Current is neither old nor fresh");
            }
            assertEquals(parentHash, LayoutFixture.sha256(layout.parent), "parent changed after " + allowed + " steps");

            world.reset(dir, Role.CURRENT);
            assertTrue(layout.isFreshChild(layout.current), "fresh after rerun (" + allowed + " steps)");
            assertEquals(parentHash, LayoutFixture.sha256(layout.parent));
            assertFalse(Files.exists(dir.resolve(ResetJournal.FILE_NAME)), "journal cleared after rerun");
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
        LayoutFixture layout = LayoutFixture.initialized(root, world);
        layout.writeUserChanges(layout.current);
        // Find a stop point after the new child is complete but before the rename: the journal names it.
        for (int allowed = 1; allowed < 200; allowed++) {
            if (resetWith(root, new CrashAfterSteps(allowed))) {
                fail("never found a stop between creating the child and renaming it");
            }
            Path replacement = root.resolve("Gold-Current.vhdboot-tmp.vhdx");
            if (Files.exists(replacement) && layout.isFreshChild(replacement)
                    && LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER)) {
                FolderSnapshot before = FolderSnapshot.of(root);
                StatusOperation.Report status = world.status(root);
                assertTrue(status.problems().stream().anyMatch(p -> p.endsWith("was interrupted; `vhdboot reset"
                        + " current` finishes it")), status.problems().toString());
                assertEquals(List.of(), before.changesTo(FolderSnapshot.of(root)));
                world.reset(root, Role.CURRENT);
                assertTrue(world.reporter.infos.stream().anyMatch(i -> i.startsWith("finished an interrupted reset of"
                        + " current")), world.reporter.infos.toString());
                assertTrue(layout.isFreshChild(layout.current));
                return;
            }
            // Not the interesting point: put things back as a rerun would.
            world.reset(root, Role.CURRENT);
            layout.writeUserChanges(layout.current);
        }
        fail("no stop point found");
    }
}
