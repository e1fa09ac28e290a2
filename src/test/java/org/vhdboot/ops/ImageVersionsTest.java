package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.LibvhdiReader;
import org.vhdboot.disk.testing.SevenZipReader;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.TreeImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Versions on real files, VHD and VHDX: a master layout commits an update (Current's file frozen), then another with a
 * snapshot between Current and its version (a new layer exported); a lab layout on a copy of the same golden parent
 * adds both from a USB stick (found by identity, checked against their {@code .sha256}, only the layers' bytes copied)
 * and switches to the newer one. Every image is read against its byte model through the engine, and the chains by an
 * independent reader: libvhdi for VHDX, 7-Zip for VHD. Versions are never written: their SHA-256 stays the recorded one.
 */
class ImageVersionsTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    /** Every progress report of the commits and adds, as "what done/total". */
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final TransferProgress progress = (what, bytes) -> (done, total) -> shown.add(what + " " + done + "/" + total);

    @ParameterizedTest
    @ValueSource(strings = {"vhdx", "vhd"})
    void commitOnTheMasterAddOnTheLabThenSwitch(String format) throws Exception {
        ModelLayout master = ModelLayout.create(dir.resolve("master"), format, 11, world.context(),
                o -> o.bootStore("none"));
        commitTwoVersions(master);
        ModelLayout lab = addBothOnALab(master, format);
        readByAnIndependentReader(master, lab, format);
    }

    /** A snapshot taken before a commit stands on the older version: going back to it says Current changes version. */
    @Test
    void aRevertToASnapshotOnAnOlderVersionSaysSo() throws Exception {
        ModelLayout master = ModelLayout.create(dir.resolve("master"), "vhdx", 11, world.context(),
                o -> o.bootStore("none"));
        commitTwoVersions(master);
        world.reporter.warnings.clear();
        world.revert(master.layout().folder(), "before-office", false);
        assertTrue(world.reporter.warnings.contains("Current will stand on version 2026-12 (before-office stands on it),"
                + " no longer on version 2027-01"), world.reporter.warnings.toString());
        assertEquals(VersionRecords.ref("2026-12"), master.layout().currentVersion());
    }

    /** 2026-12 freezes Current's file; 2027-01, with a snapshot between Current and its version, is a new layer. */
    private void commitTwoVersions(ModelLayout master) throws Exception {
        String baseHash = FileDigests.sha256(master.parent);
        master.writeActive(12);
        ImageCommitOperation.Result december = commit(master, "2026-12");
        assertFalse(december.exported(), "Current stood on its version: its file is frozen");
        long frozenSize = Files.size(master.versionFile("2026-12"));
        assertTrue(shown.contains("record 2026-12 (SHA-256 of " + december.file() + ") " + frozenSize + "/" + frozenSize),
                "a layer of many GB takes seconds to hash: the commit shows it; " + shown);
        master.put("version:2026-12", master.model("slot:a").copy());
        assertFrozenVersion(master, "2026-12", "base");
        master.assertReads(Role.CURRENT, "slot:a");
        assertTrue(isEmpty(master.layout().childPath(Role.CURRENT)), "Current is a fresh child of the version");

        // A snapshot lies between Current and its version: the commit writes a new layer, the snapshot stays.
        master.writeActive(13);
        Path snapshot = snapshot(master, "before-office");
        FileDigests snapshotBytes = FileDigests.of(snapshot);
        master.writeActive(14);
        ImageCommitOperation.Result january = commit(master, "2027-01");
        assertTrue(january.exported());
        master.put("version:2027-01", master.model("slot:a").copy());
        assertFrozenVersion(master, "2027-01", "2026-12");
        master.assertReads(Role.CURRENT, "slot:a");
        assertEquals(ImageRef.snapshot("before-office"), master.layout().tree().childrenOf(VersionRecords.ref("2026-12"))
                .stream().filter(i -> i.ref().isSnapshot()).findFirst().orElseThrow().ref());
        snapshotBytes.assertUnchanged();
        assertEquals(baseHash, FileDigests.sha256(master.parent));
    }

    /** The layers travel on a stick; the lab adds them, each checked by identity and by its .sha256, and switches. */
    private ModelLayout addBothOnALab(ModelLayout master, String format) throws Exception {
        Path decemberFile = master.versionFile("2026-12");
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Path decemberCopy = Files.copy(decemberFile, stick.resolve(decemberFile.getFileName()));
        Files.writeString(stick.resolve(decemberCopy.getFileName() + ".sha256"), FileDigests.sha256(decemberCopy) + "  "
                + decemberCopy.getFileName() + "\n");
        Path januaryCopy = Files.copy(master.versionFile("2027-01"), stick.resolve("january." + format));
        ModelLayout lab = ModelLayout.copyParent(master, dir.resolve("lab"), world.context(),
                o -> o.bootStore("script").bootFolder("C:\\VHD"));
        shown.clear();
        ImageAddOperation.Result added = add(lab, decemberCopy, Optional.empty());
        assertEquals("2026-12", added.version());
        long copySize = Files.size(decemberCopy);
        assertTrue(shown.contains("add 2026-12 (copy of " + decemberCopy.getFileName() + ") " + copySize + "/"
                + copySize), shown.toString());
        // Its parent locators now name the lab's folder: the file changed, and is hashed again, with progress.
        long addedSize = Files.size(lab.versionFile("2026-12"));
        assertTrue(shown.contains("record 2026-12 (SHA-256 of " + added.file() + ") " + addedSize + "/" + addedSize),
                shown.toString());
        assertTrue(added.sha256Checked());
        assertEquals(Files.size(decemberFile), added.bytesCopied());
        assertEquals(ModelLayout.SIZE, added.virtualSize(), "the layer's file moves, not the virtual disk");
        add(lab, januaryCopy, Optional.of("2027-01"));
        lab.put("version:2026-12", master.model("version:2026-12").copy());
        lab.put("version:2027-01", master.model("version:2027-01").copy());
        assertFrozenVersion(lab, "2026-12", "base");
        assertFrozenVersion(lab, "2027-01", "2026-12");
        assertEquals(linkId(decemberFile), linkId(lab.versionFile("2026-12")), "the link id travels unchanged");

        FileDigests versions = FileDigests.of(lab.parent, lab.versionFile("2026-12"), lab.versionFile("2027-01"));
        new ImageSwitchOperation(world.context()).run(lab.layout(), new ImageSwitchOperation.Options("2027-01",
                Optional.empty(), false, true, false));
        lab.put("slot:b", lab.model("version:2027-01").copy());
        lab.assertReads(lab.slotFile(Slot.B), "slot:b");
        lab.assertReads(Role.CURRENT, "slot:a");
        versions.assertUnchanged();
        return lab;
    }

    private void readByAnIndependentReader(ModelLayout master, ModelLayout lab, String format) throws Exception {
        Path decemberFile = master.versionFile("2026-12");
        // Used a little first: libvhdi 20210425 misreads a differencing VHDX that has no sector bitmap block yet
        // (every block not present) past its first sector; one written page gives it one.
        lab.write(lab.slotFile(Slot.B), "slot:b", 16);
        master.writeActive(17);
        if (format.equals("vhdx")) {
            LibvhdiReader libvhdi = new LibvhdiReader(dir);
            assertArrayEquals(lab.model("slot:b").bytes(), libvhdi.read(lab.parent, lab.versionFile("2026-12"),
                    lab.versionFile("2027-01"), lab.slotFile(Slot.B)));
            assertArrayEquals(master.model("slot:a").bytes(), libvhdi.read(master.parent, decemberFile,
                    master.versionFile("2027-01"), master.layout().childPath(Role.CURRENT)));
            assertArrayEquals(master.model("version:2026-12").bytes(), libvhdi.read(lab.parent,
                    lab.versionFile("2026-12")));
        } else {
            SevenZipReader sevenZip = new SevenZipReader(dir);
            assertArrayEquals(lab.model("slot:b").bytes(), sevenZip.read(lab.slotFile(Slot.B)));
            assertArrayEquals(master.model("slot:a").bytes(), sevenZip.read(master.layout().childPath(Role.CURRENT)));
            assertArrayEquals(master.model("version:2026-12").bytes(), sevenZip.read(lab.versionFile("2026-12")));
        }
    }

    private ImageCommitOperation.Result commit(ModelLayout layout, String version) throws Exception {
        return new ImageCommitOperation(world.context()).run(layout.layout(), new ImageCommitOperation.Options(version,
                Optional.of("updates"), false, progress));
    }

    private ImageAddOperation.Result add(ModelLayout layout, Path file, Optional<String> version) throws Exception {
        return new ImageAddOperation(world.context()).run(layout.layout(), new ImageAddOperation.Options(file, version,
                false, progress));
    }

    /** Recorded on {@code parent}, read-only, its SHA-256 and link id the file's, reading as its model. */
    static void assertFrozenVersion(ModelLayout layout, String name, String parent) throws Exception {
        TreeImage record = layout.layout().tree().get(VersionRecords.ref(name));
        Path file = layout.versionFile(name);
        assertEquals(Optional.of(VersionRecords.ref(parent)), record.parent());
        assertTrue(ReadOnlyMark.isMarked(file), name + " is read-only");
        assertEquals(FileDigests.sha256(file), record.sha256(), name + "'s recorded SHA-256");
        assertEquals(linkId(file), record.linkId());
        layout.assertReads(file, "version:" + name);
    }

    static String linkId(Path file) throws Exception {
        try (Layer layer = new DiskImages().openLayer(file, false, Durability.SAFE)) {
            return layer.linkId().orElseThrow().toString();
        }
    }

    static boolean isEmpty(Path child) throws Exception {
        try (Layer layer = new DiskImages().openLayer(child, false, Durability.SAFE)) {
            return layer.info().allocatedBytes() == 0;
        }
    }

    /** What {@code snapshot create} does, done by hand: Current's file frozen as a snapshot, a fresh Current on it. */
    static Path snapshot(ModelLayout model, String name) throws Exception {
        Layout layout = model.layout();
        Path current = layout.childPath(Role.CURRENT);
        Path frozen = layout.folder().resolve(layout.snapshotFile(name));
        Files.move(current, frozen);
        ReadOnlyMark.mark(frozen);
        new DiskImages().createChild(current, frozen);
        layout.tree().put(TreeImage.snapshot(name, layout.snapshotFile(name), layout.currentBase(), Instant.now(),
                linkId(frozen), null));
        layout.setCurrentBase(ImageRef.snapshot(name));
        LayoutFile.save(layout, new FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        return frozen;
    }
}
