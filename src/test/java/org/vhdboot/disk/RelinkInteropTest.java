package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.LayerTree;
import org.vhdboot.disk.testing.LibvhdiReader;
import org.vhdboot.disk.testing.QemuImg;
import org.vhdboot.disk.testing.SevenZipReader;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.disk.testing.ToolRun;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chains whose middle layer was merged down and relinked away, read by independent readers: libvhdi for VHDX,
 * 7-Zip for VHD. A relink stopped after the VHDX headers named its log entry is finished by qemu-img's log replay
 * as by the engine's; a VHD header torn by a crash is finished from the copy the relink wrote first.
 */
class RelinkInteropTest {
    private static final long SIZE = LayerTree.SIZE;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();
    private final ParentPaths paths = ParentPaths.forThisSystem();

    private LayerTree tree(String format) throws Exception {
        LayerTree tree = new LayerTree(images, dir, format);
        tree.base("base", WritePlan.wholePages(11, SIZE, 10));
        tree.child("middle", "base", WritePlan.wholePages(12, SIZE, 10));
        tree.child("child", "middle", WritePlan.wholePages(13, SIZE, 5));
        tree.child("grandchild", "child", WritePlan.wholePages(14, SIZE, 5));
        return tree;
    }

    private void removeMiddle(DiskImages with, LayerTree tree) throws Exception {
        new ImageMerger(with).mergeDown(tree.path("child"), tree.path("middle"), ProgressListener.NONE);
        new ParentRelink(with).relink(tree.path("child"), tree.path("base"), ChildSpec.DEFAULTS);
    }

    @Test
    void libvhdiReadsAVhdxChainWhoseMiddleLayerWasRemoved() throws Exception {
        LayerTree tree = tree("vhdx");
        removeMiddle(images, tree);
        Files.delete(tree.path("middle"));
        LibvhdiReader libvhdi = new LibvhdiReader(dir);
        assertArrayEquals(tree.model("child").bytes(), libvhdi.read(tree.path("base"), tree.path("child")));
        assertArrayEquals(tree.model("grandchild").bytes(),
                libvhdi.read(tree.path("base"), tree.path("child"), tree.path("grandchild")));
    }

    @Test
    void sevenZipReadsAVhdChainWhoseMiddleLayerWasRemoved() throws Exception {
        LayerTree tree = tree("vhd");
        removeMiddle(images, tree);
        Files.delete(tree.path("middle"));
        SevenZipReader sevenZip = new SevenZipReader(dir);
        assertArrayEquals(tree.model("child").bytes(), sevenZip.read(tree.path("child")));
        assertArrayEquals(tree.model("grandchild").bytes(), sevenZip.read(tree.path("grandchild")));
    }

    /** Stopped before the first write into the metadata region: the entry is durable and the headers name it. */
    @Test
    void theLogOfAnInterruptedVhdxRelinkIsReplayedByQemuImgAndByTheEngine() throws Exception {
        LayerTree tree = tree("vhdx");
        Path child = tree.path("child");
        new ImageMerger(images).mergeDown(child, tree.path("middle"), ProgressListener.NONE);
        IoStepHook stopAtTheMetadata = (step, path, position, length) -> {
            if (step == IoStepHook.Step.WRITE && path.equals(child) && position >= 2 << 20 && position < 3 << 20) {
                throw new SimulatedCrash("stopped before the metadata write");
            }
        };
        DiskImages hooked = new DiskImages(new StorageFactory(stopAtTheMetadata), Clock.systemUTC(), paths);
        assertThrows(SimulatedCrash.class, () -> new ParentRelink(hooked).relink(child, tree.path("base"),
                ChildSpec.DEFAULTS));
        assertNotEquals(new java.util.UUID(0, 0), new VhdxFileEditor(child).logGuid(), "the log is active");

        // qemu's replay also renews the DataWriteGuid, so there only the child itself is compared.
        LayerTree qemu = tree.copyTo(dir.resolve("qemu"), images);
        new QemuImg(dir);
        ToolRun replay = ToolRun.run(dir, "qemu-img", "check", "-r", "all", "-f", "vhdx", qemu.path("child").toString());
        assertEquals(new java.util.UUID(0, 0), new VhdxFileEditor(qemu.path("child")).logGuid(),
                replay.stderr() + replay.stdoutText());
        Files.delete(qemu.path("middle"));
        qemu.assertReads("child");
        assertArrayEquals(qemu.model("child").bytes(), new LibvhdiReader(dir).read(qemu.path("base"), qemu.path("child")));

        // The engine's own replay keeps it, as the specification asks, and the grandchild stays valid.
        new ParentRelink(images).finishInterrupted(child, tree.path("base"));
        Files.delete(tree.path("middle"));
        tree.assertReads("child");
        tree.assertReads("grandchild");
        assertArrayEquals(tree.model("grandchild").bytes(),
                new LibvhdiReader(dir).read(tree.path("base"), child, tree.path("grandchild")));
    }

    /** Stopped before the header write, then half of it written, as a power loss can leave a two-sector write. */
    @Test
    void aVhdHeaderTornByACrashIsFinishedFromItsCopy() throws Exception {
        LayerTree tree = tree("vhd");
        Path child = tree.path("child");
        new ImageMerger(images).mergeDown(child, tree.path("middle"), ProgressListener.NONE);
        IoStepHook stopAtTheHeader = (step, path, position, length) -> {
            if (step == IoStepHook.Step.WRITE && path.equals(child) && position == 512 && length == 1024) {
                throw new SimulatedCrash("stopped before the header write");
            }
        };
        DiskImages hooked = new DiskImages(new StorageFactory(stopAtTheHeader), Clock.systemUTC(), paths);
        assertThrows(SimulatedCrash.class, () -> new ParentRelink(hooked).relink(child, tree.path("base"),
                ChildSpec.DEFAULTS));
        tree.assertReads("child");
        long size = Files.size(child);
        byte[] copy = Arrays.copyOfRange(Files.readAllBytes(child), (int) size - 1536, (int) size - 1024);
        try (var file = java.nio.channels.FileChannel.open(child, StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(copy), 512);
        }
        assertThrows(InvalidImageException.class, () -> images.open(child, false).close(), "the header is torn");

        new ParentRelink(images).finishInterrupted(child, tree.path("base"));
        Files.delete(tree.path("middle"));
        tree.assertReads("child");
        try (Chain chain = images.open(child, false)) {
            assertEquals(1, chain.depth());
            assertTrue(Files.isSameFile(tree.path("base"), chain.base().path()));
        }
    }
}
