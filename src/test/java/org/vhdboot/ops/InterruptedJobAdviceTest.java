package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** At every stop that leaves a journal: no problem points at a reset, and the commit named keeps the update. */
    @Test
    void aKilledImageCommitIsFinishedByTheCommitThatStatusNames() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.userWrites();
        byte[] update = template.currentModel().bytes();
        String advice = "`vhdboot image commit 2027-01` finishes it";
        int journalled = 0;
        int currentMissing = 0;
        for (int allowed = 0; allowed < 80; allowed++) {
            SnapshotFixture run = template.copyTo(root.resolve("run" + allowed));
            try {
                commit(new TestWorld().with(IoStepHook.class, new CrashAfterSteps(allowed)), run.folder);
            } catch (SimulatedCrash stopped) {
                // as a kill -9
            }
            if (!Files.exists(run.folder.resolve(OperationJournal.FILE_NAME))) {
                if (journalled > 0) {
                    break; // past its last step
                }
                continue;
            }
            journalled++;
            List<String> problems = world.status(run.folder).problems();
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("image commit 2027-01 started") && p.endsWith(advice)),
                    problems.toString());
            assertTrue(problems.stream().noneMatch(p -> p.contains("vhdboot reset")), "stop " + allowed + ": " + problems);
            var listed = new ImageListOperation(world.context()).run(LayoutFile.load(run.folder.resolve(Layout.INI_NAME)));
            assertTrue(listed.problems().stream().anyMatch(p -> p.endsWith(advice)), listed.problems().toString());
            if (assertDryRunsNameTheJob(run.folder, advice)) {
                currentMissing++;
            }

            commit(world, run.folder);
            Path version = run.folder.resolve("Gold-v-2027-01.vhdx");
            assertArrayEquals(update, DiskReads.readAll(new DiskImages(), version), "the version holds the update");
            assertEquals(List.of(), world.status(run.folder).problems());
        }
        assertTrue(journalled >= 3, "stops inside the commit: " + journalled);
        assertTrue(currentMissing >= 1, "stops with Current moved away, where init must not remake it");
    }

    /**
     * A dry run checks the layout as it is, and the real run would finish the job first: judged as it is, the layout
     * gave wrong advice ("move the version file away", "run init again"). Each dry run names what finishes the job
     * instead, and changes nothing.
     */
    private boolean assertDryRunsNameTheJob(Path folder, String advice) throws Exception {
        Layout layout = LayoutFile.load(folder.resolve(Layout.INI_NAME));
        FolderSnapshot before = FolderSnapshot.of(folder);
        List<org.junit.jupiter.api.function.Executable> dryRuns = List.of(
                () -> new ImageCommitOperation(world.context()).run(layout, new ImageCommitOperation.Options("2027-01",
                        Optional.empty(), true, TransferProgress.NONE)),
                () -> world.reset(folder, new ResetOperation.Options(Role.CURRENT, true, true, false, false)),
                () -> new SnapshotCreateOperation(world.context()).run(layout, new SnapshotCreateOperation.Options("z",
                        "", false, true)));
        for (org.junit.jupiter.api.function.Executable dryRun : dryRuns) {
            OperationException refused = assertThrows(OperationException.class, dryRun);
            assertEquals(OperationException.Kind.PRECONDITION, refused.kind());
            assertTrue(refused.getMessage().startsWith("a dry run checks the layout as it is, and image commit 2027-01"
                    + " started") && refused.getMessage().endsWith(advice + ": run that, then the dry run again"),
                    refused.getMessage());
        }
        assertEquals(before, FolderSnapshot.of(folder), "a dry run changes nothing");
        // Nor does init remake a Current the commit is moving, which would stand on the image below the new version.
        if (Files.exists(folder.resolve("Gold-Current.vhdx"))) {
            return false;
        }
        Path parent = folder.resolve("Gold.vhdx");
        for (InitOptions init : List.of(InitOptions.parent(parent).bootStore("none"),
                InitOptions.parent(parent).bootStore("none").dryRun())) {
            OperationException refused = assertThrows(OperationException.class, () -> world.init(init));
            assertTrue(refused.getMessage().startsWith("init would make Gold-Current.vhdx, which image commit 2027-01"
                    + " started") && refused.getMessage().endsWith(advice + ": run that, then init again"),
                    refused.getMessage());
        }
        java.util.Map<String, String> after = new java.util.TreeMap<>(FolderSnapshot.of(folder).entries());
        java.util.Map<String, String> expected = new java.util.TreeMap<>(before.entries());
        after.remove("vhdboot.lock"); // taken, as any changing command takes it
        expected.remove("vhdboot.lock");
        assertEquals(expected, after, "init changes nothing mid-job");
        return true;
    }

    /**
     * A {@code snapshot revert --keep-old} stopped early leaves a reset's journal. What status tells the user to run
     * must not be {@code reset current}: that rolls the revert back and then discards the very changes --keep-old keeps.
     */
    @Test
    void aKilledKeepOldRevertIsNamedAsTheRevertAndRunningItKeepsTheOldCurrent() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.takeSnapshot(world, "A");
        template.userWrites();
        var changes = template.currentModel();
        SnapshotFixture layout = killedWithAJournal(template, (w, folder) -> w.revert(folder, "A", true));

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

    /**
     * A reset killed with its options is named with them: a plain reset after a killed --keep-old discards what it was
     * keeping, and after a killed revert lands on the old base.
     */
    @Test
    void aKilledResetIsNamedWithTheOptionsItWasGiven() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.takeSnapshot(world, "A");
        template.userWrites();
        byte[] changes = template.currentModel().bytes();
        ResetOperation.Options keepOld = new ResetOperation.Options(Role.CURRENT, true, false, true, false);
        ResetOperation.Options toParent = new ResetOperation.Options(Role.CURRENT, true, false, false, false, true,
                Optional.empty());
        ResetOperation.Options revert = new ResetOperation.Options(Role.CURRENT, true, false, false, false, false,
                Optional.of("A"));
        int journalled = 0;
        int recordedAlready = 0;
        for (var job : List.of(java.util.Map.entry(keepOld, "vhdboot reset current --keep-old"),
                java.util.Map.entry(toParent, "vhdboot reset current --to-parent"),
                java.util.Map.entry(revert, "vhdboot snapshot revert A"))) {
            int before = journalled;
            // Every other step: the rolled-back, rolled-forward and ini-recorded moments each span several.
            for (int allowed = 0; allowed < 40; allowed += 2) {
                Path folder = root.resolve("r" + journalled + "-" + allowed);
                SnapshotFixture run = template.copyTo(folder);
                run.currentIs("A");
                try {
                    new TestWorld().with(IoStepHook.class, new CrashAfterSteps(allowed)).reset(folder, job.getKey());
                } catch (SimulatedCrash stopped) {
                    // as a kill -9
                }
                if (!Files.exists(folder.resolve(OperationJournal.FILE_NAME))) {
                    if (journalled > before) {
                        break; // past its last step
                    }
                    continue;
                }
                journalled++;
                List<String> problems = world.status(folder).problems();
                String named = problems.stream().filter(p -> p.endsWith("` finishes it")).findFirst()
                        .map(p -> p.substring(p.lastIndexOf("; `") + 3, p.length() - "` finishes it".length()))
                        .orElseThrow(() -> new AssertionError(problems.toString()));
                if (!named.equals(job.getValue())) {
                    recordedAlready++;
                    // Once the ini records the new base, the plain command is the same job and finds it done.
                    assertEquals(job.getKey().keepOld() ? "vhdboot reset current --keep-old" : "vhdboot reset current",
                            named, job.getValue() + ", stop " + allowed);
                    assertEquals(job.getKey().toParent() ? "version:base" : "snapshot:A",
                            LayoutFile.load(folder.resolve(Layout.INI_NAME)).currentBase().toString());
                }
                // Running what status names: the named command, as the user would.
                ResetOperation.Result rerun = world.reset(folder, new ResetOperation.Options(Role.CURRENT, true, false,
                        named.contains("--keep-old"), false, named.contains("--to-parent"),
                        named.startsWith("vhdboot snapshot revert ") ? Optional.of("A") : Optional.empty()));
                if (job.getKey().keepOld()) {
                    Path kept = rerun.keptOld().orElseGet(() -> onlyKeptFile(folder));
                    assertArrayEquals(changes, DiskReads.readAll(new DiskImages(), kept), "the changes are kept");
                }
                assertEquals(job.getKey().toParent() ? "version:base" : "snapshot:A",
                        LayoutFile.load(folder.resolve(Layout.INI_NAME)).currentBase().toString(), job.getValue());
            }
        }
        assertTrue(journalled >= 6, "stops inside the resets: " + journalled);
        assertTrue(recordedAlready >= 1, "some stop came after the ini recorded the new base");
    }

    private static Path onlyKeptFile(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("Gold-Current\\.\\d.*\\.vhdx"))
                    .reduce((a, b) -> {
                        throw new AssertionError("two kept files: " + a + ", " + b);
                    }).orElseThrow(() -> new AssertionError("no kept file in " + folder));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Only the child a job replaces is blamed on it: another one missing still points at its own reset. */
    @Test
    void aChildTheJobDoesNotTouchIsNotBlamedOnIt() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        SnapshotFixture layout = killedWithAJournal(template, (w, folder) -> w.reset(folder, Role.RECOVERY));
        Files.delete(layout.folder.resolve("Gold-Current.vhdx"));
        List<String> problems = world.status(layout.folder).problems();
        assertTrue(problems.contains("Current (Gold-Current.vhdx) is missing; `vhdboot reset current` recreates it"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("a reset of recovery started")
                && p.endsWith("`vhdboot reset recovery` finishes it")), problems.toString());
    }

    /** remove --delete-children under an interrupted job would strand its files: it names the job's command instead. */
    @Test
    void removeWithItsChildrenWaitsForAnInterruptedJob() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        SnapshotFixture layout = killedWithAJournal(template, (w, folder) -> w.reset(folder, Role.CURRENT));
        FolderSnapshot before = FolderSnapshot.of(layout.folder).only(n -> !n.startsWith("vhdboot.lo"));
        OperationException refused = org.junit.jupiter.api.Assertions.assertThrows(OperationException.class, () ->
                new RemoveOperation(world.context()).run(LayoutFile.load(layout.folder.resolve(Layout.INI_NAME)),
                        new RemoveOperation.Options(true, true)));
        assertEquals(OperationException.Kind.PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().endsWith("`vhdboot reset current` finishes it, then run remove again"),
                refused.getMessage());
        assertEquals(before, FolderSnapshot.of(layout.folder).only(n -> !n.startsWith("vhdboot.lo")));
        // Taking the entries out alone strands nothing.
        new RemoveOperation(world.context()).run(LayoutFile.load(layout.folder.resolve(Layout.INI_NAME)),
                new RemoveOperation.Options(false, true));
    }

    @Test
    void aKilledSnapshotDeleteIsFinishedByTheDeleteThatTheListNames() throws Exception {
        SnapshotFixture template = SnapshotFixture.of(root.resolve("template"), "vhdx", world);
        template.userWrites();
        template.takeSnapshot(world, "A");
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
