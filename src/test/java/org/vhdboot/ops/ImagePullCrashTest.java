package org.vhdboot.ops;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stops a pull from an image-layout folder before each of its I/O steps in turn (unpacking, the journal, the
 * relocation through the VHDX log or the VHD header, the rename, the read-only mark, the ini), as a crash would.
 * After every stop the layout records either nothing new or the whole version, its images unchanged; then the next
 * changing command (the pull again, or a reset) finishes or undoes the step and the layout is whole.
 */
class ImagePullCrashTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"vhdx", "vhd"})
    void aPullStoppedAtAnyStepRecordsNothingHalfWrittenAndTheNextCommandFinishesIt(String extension) throws Exception {
        FleetFixture fleet = FleetFixture.of(root.resolve("fleet"), extension, new TestWorld());
        fleet.commit("2026-11", "base", 256 << 10, 11);
        String share = "oci-layout:" + root.resolve("share") + ":stable";
        fleet.push("2026-11", share, RegistryAccess.defaults());
        byte[] expected = fleet.reads(fleet.masterFile("2026-11"));
        FolderSnapshot pristine = record(fleet.lab);
        boolean finishedByReset = false;
        FolderCopy labFiles = FolderCopy.of(fleet.lab);
        for (int allowed = 0; allowed < 300; allowed++) {
            Path run = root.resolve("run" + allowed);
            labFiles.into(run);
            CrashAfterSteps crash = new CrashAfterSteps(allowed);
            boolean completed = true;
            try {
                pull(new TestWorld().with(IoStepHook.class, crash), run, share);
            } catch (SimulatedCrash stopped) {
                completed = false;
            }
            Path version = run.resolve(fleet.labFile("2026-11").getFileName());
            Layout stopped = FleetFixture.layout(run);
            boolean journal = Files.exists(run.resolve(OperationJournal.FILE_NAME));
            if (stopped.tree().find(new ImageRef(ImageRef.Kind.VERSION, "2026-11")).isEmpty()) {
                // Renamed but not yet recorded: the journal says so, and the next changing command decides.
                FolderSnapshot now = journal ? record(run).only(name -> !name.equals(version.getFileName().toString()))
                        : record(run);
                assertEquals(pristine, now, "stopped at " + crash.crashedAt() + ": nothing recorded may change");
            } else {
                assertTrue(ReadOnlyMark.isMarked(version), "recorded only once read-only");
                DiskReads.assertSameBytes(expected, fleet.reads(version), "recorded only once whole");
            }
            if (journal && Files.exists(version) && !finishedByReset) {
                new TestWorld().reset(run, Role.CURRENT);
                finishedByReset = true;
            }
            pull(new TestWorld(), run, share);
            DiskReads.assertSameBytes(expected, fleet.reads(version), "after a stop at " + crash.crashedAt());
            StatusOperation.Report status = new TestWorld().status(run);
            assertTrue(status.healthy(), "after a stop at " + crash.crashedAt() + ": " + status.problems());
            assertFalse(Files.exists(run.resolve(OperationJournal.FILE_NAME)));
            try (Stream<Path> files = Files.list(run)) {
                java.util.List<String> left = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains(".vhdboot-")).toList();
                assertEquals(java.util.List.of(), left, "leftovers after a stop at " + crash.crashedAt());
            }
            if (completed) {
                assertTrue(allowed > 5, "the pull takes steps: " + allowed);
                assertTrue(finishedByReset, "some stop left the version renamed and the journal for a reset to finish");
                return;
            }
        }
        throw new AssertionError("the pull never completed");
    }

    private static ImagePullOperation.Result pull(TestWorld world, Path folder, String reference) throws Exception {
        return new ImagePullOperation(world.context()).run(FleetFixture.layout(folder),
                new ImagePullOperation.Options(reference, RegistryAccess.defaults(), TransferProgress.NONE));
    }

    /** The layout's images and ini, without what a pull keeps while it runs. */
    private static FolderSnapshot record(Path folder) throws Exception {
        return FolderSnapshot.of(folder).only(name -> !name.contains(".vhdboot-")
                && (name.endsWith(".vhdx") || name.endsWith(".vhd") || name.equals(Layout.INI_NAME)));
    }
}
