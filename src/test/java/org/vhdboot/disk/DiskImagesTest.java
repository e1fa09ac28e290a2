package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.ParentLocatorBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.WritePlan;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskImagesTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    @Test
    void createRefusesAnExistingFileAndLeavesItAlone() throws Exception {
        Path image = dir.resolve("a.vhdx");
        images.create(image, ImageSpec.dynamic(8 * MIB));
        FileDigests before = FileDigests.of(image);
        assertThrows(FileAlreadyExistsException.class, () -> images.create(image, ImageSpec.dynamic(16 * MIB)));
        before.assertUnchanged();
        assertTrue(Files.notExists(StagedFile.temporaryFor(image)), "no temporary file is left behind");
    }

    @Test
    void createReplacesTheLeftoverOfAnInterruptedRun() throws Exception {
        Path image = dir.resolve("a.vhd");
        Files.write(StagedFile.temporaryFor(image.toAbsolutePath()), new byte[] {1, 2, 3});
        images.create(image, ImageSpec.dynamic(8 * MIB));
        assertTrue(Files.notExists(StagedFile.temporaryFor(image.toAbsolutePath())));
        assertArrayEquals(new byte[(int) (8 * MIB)], DiskReads.readAll(images, image));
    }

    @Test
    void theExtensionChoosesTheFormat() throws Exception {
        assertThrows(UnsupportedFormatException.class, () -> images.create(dir.resolve("a.qcow2"),
                ImageSpec.dynamic(MIB)));
        images.create(dir.resolve("a.img"), ImageSpec.dynamic(MIB));
        assertEquals(MIB, Files.size(dir.resolve("a.img")));
        images.create(dir.resolve("b.avhd"), ImageSpec.dynamic(MIB));
        try (Chain chain = images.open(dir.resolve("b.avhd"), false)) {
            assertEquals(DiskFormat.VHD, chain.top().format());
        }
    }

    @Test
    void sectorSizesOtherThan512AreVhdxOnly() {
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> images.create(dir.resolve("a.vhd"),
                ImageSpec.dynamic(8 * MIB).withSectorSizes(4096, 4096)));
        assertTrue(e.getMessage().contains("only 512-byte sectors"), e.getMessage());
    }

    @Test
    void aChildMustHaveItsParentsFormat() throws Exception {
        Path parent = dir.resolve("p.vhd");
        images.create(parent, ImageSpec.dynamic(8 * MIB));
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> images.createChild(dir.resolve("c.vhdx"), parent));
        assertTrue(e.getMessage().contains("use the parent's format"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("c.vhdx")));
    }

    @Test
    void aRawFileCannotBeAParent() throws Exception {
        Path parent = dir.resolve("p.raw");
        images.create(parent, ImageSpec.dynamic(8 * MIB));
        assertThrows(UnsupportedFormatException.class, () -> images.createChild(dir.resolve("c.vhd"), parent));
    }

    @Test
    void aChildMayLiveInAnotherFolderAndThePairMayMoveTogether() throws Exception {
        Path parent = dir.resolve("root/base/Parent.vhd");
        Path child = dir.resolve("root/kids/deeper/Child.vhd");
        Files.createDirectories(parent.getParent());
        Files.createDirectories(child.getParent());
        images.create(parent, ImageSpec.dynamic(8 * MIB));
        try (Chain chain = images.open(parent, true)) {
            chain.write(100, java.nio.ByteBuffer.wrap(new byte[] {7}));
        }
        images.createChild(child, parent);
        try (Chain chain = images.open(child, false)) {
            assertEquals("..\\..\\base\\Parent.vhd", chain.top().parentLink().orElseThrow().fields().get("W2ru"));
        }
        Files.move(dir.resolve("root"), dir.resolve("moved"));
        try (Chain chain = images.open(dir.resolve("moved/kids/deeper/Child.vhd"), false)) {
            assertEquals(dir.resolve("moved/base/Parent.vhd"), chain.base().path());
            assertEquals(7, DiskReads.read(chain, 100, 1)[0]);
        }
    }

    @Test
    void aVhdxChildThatIsItsOwnParentIsACycle() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        files.createBase(ImageSpec.dynamic(8 * MIB));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        String ownGuid = "{" + new VhdxFileEditor(child).dataWriteGuid() + "}";
        new VhdxFileEditor(child).replaceParentLocator(ParentLocatorBytes.of("parent_linkage", ownGuid,
                "relative_path", ".\\layer1.vhdx"));
        ParentLinkException e = assertThrows(ParentLinkException.class, () -> images.open(child, false));
        assertTrue(e.getMessage().startsWith("parent cycle: layer1.vhdx links back to layer1.vhdx"), e.getMessage());
    }

    @Test
    void aFolderIsNotAnImage() throws Exception {
        Path folder = dir.resolve("x.vhdx");
        Files.createDirectories(folder);
        IOException e = assertThrows(IOException.class, () -> images.open(folder, false));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> images.open(dir.resolve("none.vhd"), false));
    }

    @Test
    void aChildOpenedWritableLeavesItsParentsAlone() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(WritePlan.unaligned(1, 8 * MIB, 6));
        files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.unaligned(2, 8 * MIB, 6));
        files.addChild(ChildSpec.DEFAULTS);
        FileDigests parents = FileDigests.of(files.layers().get(0), files.layers().get(1));
        files.write(WritePlan.unaligned(3, 8 * MIB, 12));
        parents.assertUnchanged();
        try (Chain chain = images.open(files.top(), true)) {
            assertEquals(List.of(true, false, false), chain.layers().stream().map(Layer::writable).toList());
        }
    }

    @Test
    void theJavaEngineMakesChildrenAndDescribesImages() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        Path parent = files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(List.of(DiskWrite.pattern(MIB, 3000, 4)));
        JavaDiskEngine engine = new JavaDiskEngine(images);
        Path child = dir.resolve("child.vhdx");
        engine.createChild(child, parent);
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, child));
        assertEquals(DiskType.DIFFERENCING, engine.info(child).type());
        assertEquals("java", engine.name());
    }

    @Test
    void theJavaEngineLeavesNoChildWhenItFails() throws Exception {
        JavaDiskEngine engine = new JavaDiskEngine(images);
        Path child = dir.resolve("child.vhdx");
        assertThrows(NoSuchFileException.class, () -> engine.createChild(child, dir.resolve("missing.vhdx")));
        assertTrue(Files.notExists(child));
    }

    @Test
    void theJavaEngineRefusesAnExistingChildAndKeepsIt() throws Exception {
        Path parent = dir.resolve("parent.vhdx");
        images.create(parent, ImageSpec.dynamic(8 * MIB));
        Path existing = dir.resolve("current.vhdx");
        images.createChild(existing, parent);
        FileDigests before = FileDigests.of(existing);
        assertThrows(FileAlreadyExistsException.class, () -> new JavaDiskEngine(images).createChild(existing, parent));
        before.assertUnchanged();
    }
}
