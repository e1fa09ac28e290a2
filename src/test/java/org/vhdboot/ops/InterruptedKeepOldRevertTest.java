package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.SimulatedCrash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code snapshot revert --keep-old} stopped early leaves a reset's journal. What status tells the user to run must
 * not be {@code reset current}: that rolls the revert back and then discards the very changes --keep-old keeps.
 */
class InterruptedKeepOldRevertTest {
    @TempDir
    Path root;

    private final TestWorld world = new TestWorld();

    @Test
    void statusNamesTheRevertAndRunningItKeepsTheOldCurrent() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        world.snapshot(template.folder, "A");
        template.snapshotTaken("A");
        template.userWrites();
        var changes = template.currentModel();
        SnapshotFixture layout = null;
        for (int allowed = 0; layout == null; allowed++) {
            SnapshotFixture run = template.copyTo(root.resolve("run" + allowed));
            try {
                new TestWorld().with(IoStepHook.class, new CrashAfterSteps(allowed)).revert(run.folder, "A", true);
            } catch (SimulatedCrash stopped) {
                // as a kill -9: the first stop that leaves the journal behind is the one wanted
            }
            if (Files.exists(run.folder.resolve(OperationJournal.FILE_NAME))) {
                layout = run;
            }
            assertTrue(allowed < 50, "no stop left a journal");
        }

        List<String> problems = world.status(layout.folder).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("snapshot revert to A with --keep-old started")
                && p.contains("`vhdboot snapshot revert A --keep-old` finishes it")), problems.toString());

        ResetOperation.Result rerun = world.revert(layout.folder, "A", true);
        assertTrue(rerun.keptAs().isPresent());
        layout.keptAs(rerun.keptAs().get(), changes);
        layout.currentIs("A");
        layout.assertEverythingReadsAsModelled();
        assertEquals(List.of(), world.status(layout.folder).problems());
    }
}
