package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.SimulatedCrash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code status} and the lists tell the user to run after a job was killed must finish that job. A generic "the
 * next changing command" once sent users to {@code reset} after a killed {@code image commit}: the reset rolled the
 * commit back, then discarded the very changes it was committing.
 */
class InterruptedJobAdviceTest {
    @TempDir
    Path root;

    private final TestWorld world = new TestWorld();

    /** A job run on copies of {@code template}, stopped after more and more steps: the first copy left journalled. */
    private SnapshotFixture killedWithAJournal(SnapshotFixture template, Job job) throws Exception {
        for (int allowed = 0; allowed < 60; allowed++) {
            SnapshotFixture run = template.copyTo(root.resolve("run" + allowed));
            try {
                job.run(new TestWorld().with(IoStepHook.class, new CrashAfterSteps(allowed)), run.folder);
            } catch (SimulatedCrash stopped) {
                // as a kill -9
            }
            if (Files.exists(run.folder.resolve(OperationJournal.FILE_NAME))) {
                return run;
            }
        }
        throw new AssertionError("no stop left a journal");
    }

    private interface Job {
        void run(TestWorld world, Path folder) throws Exception;
    }

    private static void commit(TestWorld world, Path folder) throws Exception {
        new ImageCommitOperation(world.context()).run(LayoutFile.load(folder.resolve(Layout.INI_NAME)),
                new ImageCommitOperation.Options("2027-01", Optional.empty(), false, TransferProgress.NONE));
    }

    @Test
    void aKilledImageCommitIsFinishedByTheCommitThatStatusNames() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.userWrites();
        byte[] update = template.currentModel().bytes();
        SnapshotFixture layout = killedWithAJournal(template, InterruptedJobAdviceTest::commit);

        String advice = "`vhdboot image commit 2027-01` finishes it";
        assertTrue(world.status(layout.folder).problems().stream().anyMatch(p -> p.startsWith("image commit 2027-01 "
                + "started") && p.endsWith(advice)), world.status(layout.folder).problems().toString());
        var listed = new ImageListOperation(world.context()).run(LayoutFile.load(layout.folder.resolve(Layout.INI_NAME)));
        assertTrue(listed.problems().stream().anyMatch(p -> p.endsWith(advice)), listed.problems().toString());

        commit(world, layout.folder);
        Path version = layout.folder.resolve("Gold-v-2027-01.vhdx");
        assertArrayEquals(update, DiskReads.readAll(new DiskImages(), version), "the version holds the update");
        assertEquals(List.of(), world.status(layout.folder).problems());
    }

    @Test
    void aKilledSnapshotDeleteIsFinishedByTheDeleteThatTheListNames() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.userWrites();
        world.snapshot(template.folder, "A");
        template.snapshotTaken("A");
        template.userWrites();
        SnapshotFixture layout = killedWithAJournal(template, (w, folder) -> w.deleteSnapshot(folder, "A"));

        assertTrue(world.snapshots(layout.folder).problems().stream().anyMatch(p -> p.startsWith("snapshot delete A "
                + "started") && p.endsWith("`vhdboot snapshot delete A` finishes it")),
                world.snapshots(layout.folder).problems().toString());
        SnapshotDeleteOperation.Result rerun = world.deleteSnapshot(layout.folder, "A");
        assertTrue(rerun.finishedInterrupted());
        assertEquals(List.of("current"), rerun.children(), "what the finished delete merged into");
        assertTrue(rerun.recovered().orElseThrow().startsWith("finished an interrupted snapshot delete of A"),
                rerun.recovered().toString());
        layout.snapshotDeleted("A");
        layout.assertEverythingReadsAsModelled();
        assertEquals(List.of(), world.status(layout.folder).problems());
    }
}
