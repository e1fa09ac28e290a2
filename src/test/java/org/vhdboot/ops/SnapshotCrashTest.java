package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.TreeImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stops each restore-point command before each of its I/O steps in turn, as a crash would (the hook refuses that
 * step and every later one, so no cleanup reaches the disk either). After every stop Current and every snapshot read
 * their old or their new state, the parent is unchanged; then the same command, run again, finishes (or redoes) the
 * job, and the layout is whole: everything reads as modelled, status is healthy, no journal and no temporary file.
 */
class SnapshotCrashTest {
    @TempDir
    Path root;

    private final TestWorld world = new TestWorld();

    @FunctionalInterface
    private interface Command {
        void run(TestWorld world, Path folder) throws Exception;
    }

    @FunctionalInterface
    private interface Stopped {
        void check(SnapshotFixture run) throws Exception;
    }

    /** Whether a stopped run had in fact finished: all done but for a flush, the rerun would find nothing to do. */
    @FunctionalInterface
    private interface Finished {
        boolean test(Layout layout) throws Exception;
    }

    /** Runs {@code command} stopped after 0, 1, 2… steps until it completes, checking each stop and each rerun. */
    private int stopAtEveryStep(SnapshotFixture template, Command command, Finished finished, Stopped whileStopped,
                                Stopped afterwards) throws Exception {
        FolderCopy templateFiles = FolderCopy.of(template.folder);
        for (int allowed = 0; allowed < 400; allowed++) {
            SnapshotFixture run = template.copyTo(root.resolve("run" + allowed), templateFiles);
            CrashAfterSteps crash = new CrashAfterSteps(allowed);
            boolean completed;
            try {
                command.run(new TestWorld().with(IoStepHook.class, crash), run.folder);
                completed = true;
            } catch (SimulatedCrash stopped) {
                completed = false;
            }
            run.assertParentUnchanged();
            whileStopped.check(run);
            Layout stopped = LayoutFile.load(run.folder.resolve(Layout.INI_NAME));
            if (Files.exists(run.folder.resolve(OperationJournal.FILE_NAME)) || !finished.test(stopped)) {
                command.run(world, run.folder);
            }
            afterwards.check(run);
            run.assertEverythingReadsAsModelled();
            StatusOperation.Report status = world.status(run.folder);
            assertTrue(status.healthy(), "after a stop at " + crash.crashedAt() + ": " + status.problems());
            assertFalse(Files.exists(run.folder.resolve(OperationJournal.FILE_NAME)));
            try (Stream<Path> files = Files.list(run.folder)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".vhdboot-tmp")));
            }
            if (completed) {
                return allowed;
            }
        }
        throw new AssertionError("never completed");
    }

    @Test
    void aSnapshotCreateStoppedAnywhereLeavesCurrentReadingTheSame() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.userWrites();
        DiskModel state = template.currentModel();
        int steps = stopAtEveryStep(template, (w, folder) -> w.snapshot(folder, "s1"),
                layout -> layout.tree().find(ImageRef.snapshot("s1")).isPresent(),
                run -> run.assertReadsOneOf("Current", run.current, state),
                run -> run.snapshotTaken("s1"));
        assertTrue(steps > 5, "a snapshot takes several steps; done after " + steps);
    }

    @Test
    void aRevertStoppedAnywhereLeavesCurrentOldOrNewAndTheKeptStateWhole() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.userWrites();
        template.takeSnapshot(world, "s1");
        template.userWrites();
        DiskModel before = template.currentModel();
        DiskModel s1 = template.snapshotModel("s1");
        stopAtEveryStep(template, (w, folder) -> w.revert(folder, "s1", true),
                layout -> layout.tree().snapshots().size() == 2,
                run -> {
                    run.assertReadsOneOf("Current", run.current, before, s1);
                    for (TreeImage kept : LayoutFile.load(run.folder.resolve(Layout.INI_NAME)).tree().snapshots()) {
                        if (kept.name().startsWith("auto-")) {
                            run.assertReadsOneOf("the kept Current", run.folder.resolve(kept.file()), before);
                        }
                    }
                },
                run -> {
                    String kept = LayoutFile.load(run.folder.resolve(Layout.INI_NAME)).tree().snapshots().stream()
                            .map(TreeImage::name).filter(n -> n.startsWith("auto-")).findFirst().orElseThrow();
                    run.keptAs(kept, before);
                    run.currentIs("s1");
                });
    }

    /** base ← s1 ← {s2, Current}: deleting s1 merges it into a snapshot and into Current. */
    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void aDeleteStoppedAnywhereChangesNothingAnyImageReads(String format) throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), format, world);
        // Few writes, so few steps: the merges still cross blocks the children have and blocks they lack.
        template.userWrites(3);
        template.takeSnapshot(world, "s1");
        template.userWrites(1);
        template.takeSnapshot(world, "s2");
        world.revert(template.folder, "s1", false);
        template.currentIs("s1");
        template.userWrites(1);
        DiskModel current = template.currentModel();
        DiskModel s2 = template.snapshotModel("s2");
        int steps = stopAtEveryStep(template, (w, folder) -> w.deleteSnapshot(folder, "s1"),
                layout -> layout.tree().find(ImageRef.snapshot("s1")).isEmpty(),
                run -> {
                    run.assertReadsOneOf("Current", run.current, current);
                    run.assertReadsOneOf("snapshot s2", run.snapshotPath("s2"), s2);
                },
                run -> run.snapshotDeleted("s1"));
        assertTrue(steps > 20, "merges and relinks take many steps; done after " + steps);
    }
}
