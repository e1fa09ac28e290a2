package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.TreeImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code image add} and {@code image pull} record a layer made elsewhere the one same way ({@link VersionRecording}):
 * one journal kind, the same record, and the SHA-256 the layer came with, so a version added from a file is the
 * published layer to a later pull. The journal an add of an earlier vhdboot wrote ({@code image-add}) is still
 * finished or rolled back by the next changing command.
 */
class VersionRecordingTest {
    @TempDir
    Path root;

    private FleetFixture fleet;
    private Path published;

    @BeforeEach
    void masterWithOneVersion() throws Exception {
        fleet = FleetFixture.vhdx(root.resolve("fleet"), new TestWorld());
        published = fleet.commit("2026-11", "base", 256 << 10, 11);
    }

    private ImageAddOperation.Result add(TestWorld world) throws Exception {
        return new ImageAddOperation(world.context()).run(FleetFixture.layout(fleet.lab),
                new ImageAddOperation.Options(published, Optional.empty(), false, TransferProgress.NONE));
    }

    @Test
    void anAddJournalsAsAPullDoesAndRecordsTheSha256TheLayerCameWith() throws Exception {
        // Stopped as it begins to copy, the add has journalled the recording it is about to make.
        boolean[] stopped = {false};
        IoStepHook stopAtCopy = (step, path, position, length) -> {
            stopped[0] |= step == IoStepHook.Step.CREATE && path.getFileName().toString().equals("Gold-v-2026-11.vhdboot-tmp.vhdx");
            if (stopped[0]) {
                throw new SimulatedCrash("stopped at " + step + " " + path.getFileName());
            }
        };
        assertThrows(SimulatedCrash.class, () -> add(new TestWorld().with(IoStepHook.class, stopAtCopy)));
        String journal = Files.readString(fleet.lab.resolve(OperationJournal.FILE_NAME));
        assertTrue(journal.contains("operation=version-import") && journal.contains("by=add"), journal);
        new TestWorld().reset(fleet.lab, Role.RECOVERY);
        assertFalse(Files.exists(fleet.lab.resolve(OperationJournal.FILE_NAME)));
        assertEquals(List.of(), fleet.labFiles().stream().filter(name -> name.contains(".vhdboot-tmp")).toList());

        add(new TestWorld());
        TreeImage added = FleetFixture.layout(fleet.lab).tree().get(VersionRecords.ref("2026-11"));
        assertEquals(FileDigests.sha256(published), added.sourceSha256(), "the file as it was given");
        assertEquals(FileDigests.sha256(fleet.labFile("2026-11")), added.sha256());
        assertNotEquals(added.sourceSha256(), added.sha256(), "relocated onto the lab's base");
    }

    @Test
    void aVersionAddedFromAFileIsThePublishedLayerToALaterPull() throws Exception {
        String share = "oci-layout:" + root.resolve("share") + ":stable";
        fleet.push("2026-11", share, RegistryAccess.defaults());
        add(new TestWorld());
        FolderSnapshot before = fleet.labRecord();

        ImagePullOperation.Result pulled = fleet.pull(share, RegistryAccess.defaults());
        assertEquals(List.of("present", "present"), pulled.layers().stream().map(ImagePullOperation.Layer::status)
                .toList());
        assertEquals(0, pulled.bytesTransferred());
        assertEquals("2026-11", pulled.top());
        assertEquals(before.only(name -> !name.equals(Layout.INI_NAME)),
                fleet.labRecord().only(name -> !name.equals(Layout.INI_NAME)));
    }

    @Test
    void anAddJournalOfAnEarlierVhdbootWhoseLayerWasNotInPlaceIsRolledBack() throws Exception {
        Path staged = VersionFiles.of(FleetFixture.layout(fleet.lab), VersionRecords.ref("2026-11")).staged();
        Files.writeString(staged, "half a layer");
        writeImageAddJournal();
        TestWorld world = new TestWorld();
        world.reset(fleet.lab, Role.RECOVERY);

        assertFalse(Files.exists(staged));
        assertFalse(Files.exists(fleet.lab.resolve(OperationJournal.FILE_NAME)));
        assertTrue(world.reporter.infos.contains("rolled back image add 2026-11: nothing was added"),
                world.reporter.infos.toString());
        assertEquals(Optional.empty(), FleetFixture.layout(fleet.lab).tree().find(VersionRecords.ref("2026-11")));
    }

    @Test
    void anAddJournalOfAnEarlierVhdbootWhoseLayerWasInPlaceIsFinished() throws Exception {
        Path version = fleet.labFile("2026-11");
        Files.copy(published, version, StandardCopyOption.COPY_ATTRIBUTES);
        version.toFile().setWritable(true);
        TestWorld world = new TestWorld();
        world.context().disks().relink(version, fleet.lab.resolve("Gold.vhdx"), ChildSpec.DEFAULTS);
        writeImageAddJournal();
        world.reset(fleet.lab, Role.RECOVERY);

        assertTrue(world.reporter.infos.contains("finished an interrupted image add 2026-11: it is recorded"),
                world.reporter.infos.toString());
        assertFalse(Files.exists(fleet.lab.resolve(OperationJournal.FILE_NAME)));
        TreeImage recorded = FleetFixture.layout(fleet.lab).tree().get(VersionRecords.ref("2026-11"));
        assertEquals(Optional.of(ImageRef.BASE_VERSION), recorded.parent());
        assertEquals(ImageVersionsTest.linkId(published), recorded.linkId(), "read from the file");
        assertEquals(FileDigests.sha256(version), recorded.sha256());
        assertTrue(ReadOnlyMark.isMarked(version));
        assertArrayEquals(fleet.reads(published), fleet.reads(version));
        assertTrue(Files.readString(fleet.lab.resolve("vhdboot.log")).contains("[1038]"),
                "logged as an image command's recovery");
    }

    /** What {@code image add} of an earlier vhdboot wrote before it copied the layer in. */
    private void writeImageAddJournal() throws Exception {
        Files.writeString(fleet.lab.resolve(OperationJournal.FILE_NAME), "# vhdboot image add in progress\n"
                + "operation=image-add\nversion=2026-11\nparent=base\nfrozen=Gold-v-2026-11.vhdx\n"
                + "staged=Gold-v-2026-11.vhdboot-tmp.vhdx\nstarted=2026-12-01T10\\:00\\:00Z\n");
    }
}
