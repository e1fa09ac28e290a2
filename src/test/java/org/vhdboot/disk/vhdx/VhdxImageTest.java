package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.Creator;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.GuidBytes;
import org.vhdboot.disk.testing.ParentLocatorBytes;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes the engine lays down in VHDX files and how it changes them, checked against [MS-VHDX]. */
class VhdxImageTest {
    private static final long MIB = 1 << 20;
    private static final UUID PAGE_83 = UUID.fromString("BECA12AB-B2E6-4523-93EF-C309E000C746");

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    private static int metadataFlags(VhdxFileEditor editor, UUID item) throws Exception {
        byte[] table = editor.metadataTable();
        return VhdxFileEditor.le(table).getInt(VhdxFileEditor.metadataEntry(table, item) + 24);
    }

    @Test
    void aNewDynamicVhdxHasTheSpecificationLayout() throws Exception {
        Path image = dir.resolve("d.vhdx");
        images.create(image, ImageSpec.dynamic(64 * MIB));
        byte[] identifier = FileBytes.read(image, 0, 64);
        assertEquals("vhdxfile", new String(identifier, 0, 8, StandardCharsets.US_ASCII));
        assertTrue(new String(identifier, 8, 56, StandardCharsets.UTF_16LE).startsWith(Creator.NAME));
        VhdxFileEditor editor = new VhdxFileEditor(image);
        byte[] first = editor.header(0);
        byte[] second = editor.header(1);
        assertEquals(1, editor.sequenceNumber(0));
        assertEquals(2, editor.sequenceNumber(1));
        assertArrayEquals(java.util.Arrays.copyOfRange(first, 16, 4096), java.util.Arrays.copyOfRange(second, 16, 4096),
                "both headers carry the same GUIDs and log");
        assertEquals(VhdxFileEditor.crc32c(first, 4), VhdxFileEditor.le(first).getInt(4));
        assertEquals(new UUID(0, 0), editor.logGuid());
        assertEquals(MIB, VhdxFileEditor.le(first).getLong(72), "log offset");
        assertEquals((int) MIB, VhdxFileEditor.le(first).getInt(68), "log length");
        assertArrayEquals(editor.regionTable(0), editor.regionTable(1));
        byte[] regions = editor.regionTable(0);
        assertEquals(VhdxFileEditor.crc32c(regions, 4), VhdxFileEditor.le(regions).getInt(4));
        assertEquals(2 * MIB, editor.metadataOffset());
        assertEquals(3 * MIB, editor.batOffset());
        for (int i = 0; i < editor.regionCount(); i++) {
            assertEquals(1, VhdxFileEditor.le(regions).getInt(16 + 32 * i + 28), "regions are required");
        }
        assertEquals(4, metadataFlags(editor, UUID.fromString("CAA16737-FA36-4D43-B3B6-33F0AA44E76B")));
        assertEquals(6, metadataFlags(editor, PAGE_83));
        assertEquals(6, metadataFlags(editor, VhdxFileEditor.PHYSICAL_SECTOR_SIZE_ITEM));
        assertEquals(4 * MIB, Files.size(image));
    }

    @Test
    void aFixedVhdxHasEveryBlockPresentInOrder() throws Exception {
        Path image = dir.resolve("f.vhdx");
        images.create(image, ImageSpec.fixed(4 * MIB).withBlockSize(MIB));
        VhdxFileEditor editor = new VhdxFileEditor(image);
        for (int block = 0; block < 4; block++) {
            assertEquals(VhdxFileEditor.batEntry(6, 4 * MIB + block * MIB), editor.batEntry(block));
        }
        assertEquals(8 * MIB, Files.size(image));
        try (Chain chain = images.open(image, false)) {
            assertEquals(DiskType.FIXED, chain.top().type());
        }
    }

    @Test
    void theFirstWriteOfASessionRenewsTheWriteGuidsInBothHeadersOnce() throws Exception {
        Path image = dir.resolve("d.vhdx");
        images.create(image, ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        VhdxFileEditor editor = new VhdxFileEditor(image);
        UUID dataWrite = editor.dataWriteGuid();
        try (Chain chain = images.open(image, true)) {
            chain.write(0, ByteBuffer.wrap(new byte[] {1}));
            assertEquals(4, editor.sequenceNumber(editor.currentSlot()));
            chain.write(5 * MIB, ByteBuffer.wrap(new byte[] {2}));
        }
        assertNotEquals(dataWrite, editor.dataWriteGuid());
        assertEquals(3, editor.sequenceNumber(0), "each slot written once in the session");
        assertEquals(4, editor.sequenceNumber(1));
        assertArrayEquals(java.util.Arrays.copyOfRange(editor.header(0), 16, 4096),
                java.util.Arrays.copyOfRange(editor.header(1), 16, 4096));
    }

    @Test
    void aWritableOpenWithoutWritesChangesNothing() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        Path parent = files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(List.of(DiskWrite.pattern(100, 5000, 1)));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        FileDigests before = FileDigests.of(parent, child);
        try (Chain chain = images.allowingParentWrites().open(parent, true)) {
            DiskReads.read(chain, 0, (int) chain.size());
        }
        before.assertUnchanged();
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, child), "the child still links");
    }

    @Test
    void newBlocksAreMebibyteAlignedAtTheEndAndFullyPresent() throws Exception {
        Path image = dir.resolve("d.vhdx");
        images.create(image, ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        try (Chain chain = images.open(image, true)) {
            chain.write(6 * MIB + 7, ByteBuffer.wrap(new byte[] {1}));
            chain.write(MIB, ByteBuffer.wrap(new byte[] {2}));
        }
        VhdxFileEditor editor = new VhdxFileEditor(image);
        assertEquals(VhdxFileEditor.batEntry(6, 4 * MIB), editor.batEntry(6));
        assertEquals(VhdxFileEditor.batEntry(6, 5 * MIB), editor.batEntry(1));
        assertEquals(0, editor.batEntry(0));
        assertEquals(6 * MIB, Files.size(image));
    }

    @Test
    void aChildCopiesTheVirtualDiskItemsAndLinksToTheParentsDataWriteGuid() throws Exception {
        Path parent = dir.resolve("Parent.vhdx");
        images.create(parent, ImageSpec.dynamic(8 * MIB).withSectorSizes(4096, 512));
        Path child = dir.resolve("Child.vhdx");
        images.createChild(child, parent);
        try (Chain chain = images.open(child, false)) {
            VhdxImage top = (VhdxImage) chain.top();
            VhdxImage base = (VhdxImage) chain.base();
            assertEquals(DiskType.DIFFERENCING, top.type());
            assertEquals(base.page83(), top.page83());
            assertEquals(8 * MIB, top.virtualSize());
            assertEquals(4096, top.logicalSectorSize());
            assertEquals(512, top.physicalSectorSize());
            assertEquals(2 * MIB, top.blockSize(), "children default to 2 MiB blocks");
            assertEquals("{" + base.header().dataWriteGuid() + "}", top.parentLink().orElseThrow().fields()
                    .get("parent_linkage"));
            assertEquals(".\\Parent.vhdx", top.parentLink().orElseThrow().fields().get("relative_path"));
            assertTrue(top.parentLink().orElseThrow().fields().get("absolute_win32_path").endsWith("\\Parent.vhdx"));
        }
        VhdxFileEditor editor = new VhdxFileEditor(child);
        int chunkRatio = (int) ((1L << 23) * 4096 / (2 * MIB));
        assertTrue(Files.size(child) >= editor.batOffset() + 8L * (chunkRatio + 1),
                "the BAT holds a whole chunk including its bitmap entry");
        assertEquals(4, metadataFlags(editor, VhdxFileEditor.PARENT_LOCATOR_ITEM));
    }

    @Test
    void aChildMarksPartialBlocksWithLeastSignificantBitFirstSectorBitmaps() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        files.createBase(ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        Path child = files.addChild(new ChildSpec(MIB, Optional.empty()));
        files.write(List.of(new DiskWrite(MIB, new byte[512]), new DiskWrite(MIB + 9 * 512, new byte[512])));
        VhdxFileEditor editor = new VhdxFileEditor(child);
        long payload = editor.batEntry(1);
        assertEquals(7, payload & 7, "partially present");
        long bitmapEntry = editor.batEntry(4096);
        assertEquals(6, bitmapEntry & 7, "the chunk's sector bitmap block is present");
        long bitmapOffset = (bitmapEntry >>> 20) * MIB;
        int sectorsPerBlock = (int) (MIB / 512);
        byte[] bits = FileBytes.read(child, bitmapOffset + sectorsPerBlock / 8, 3);
        assertArrayEquals(new byte[] {0x01, 0x02, 0}, bits);
    }

    @Test
    void aWholeBlockWrittenInAChildIsFullyPresent() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        files.createBase(ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        Path child = files.addChild(new ChildSpec(MIB, Optional.empty()));
        files.write(List.of(DiskWrite.pattern(2 * MIB, (int) MIB, 3)));
        VhdxFileEditor editor = new VhdxFileEditor(child);
        assertEquals(6, editor.batEntry(2) & 7);
        assertEquals(0, editor.batEntry(4096) & 7, "no sector bitmap needed");
    }

    @Test
    void zeroUnmappedAndUndefinedBlocksReadAsZerosEvenInAChild() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        files.createBase(ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        files.write(List.of(DiskWrite.pattern(0, (int) (8 * MIB), 4)));
        Path child = files.addChild(new ChildSpec(MIB, Optional.empty()));
        VhdxFileEditor editor = new VhdxFileEditor(child);
        int[] states = {1, 2, 3, 5};
        for (int block = 0; block < states.length; block++) {
            editor.setBatEntry(block, states[block]);
        }
        byte[] expected = files.model().bytes();
        java.util.Arrays.fill(expected, 0, (int) (4 * MIB), (byte) 0);
        assertArrayEquals(expected, DiskReads.readAll(images, child));
    }

    private ChainFiles parentAndChild() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(List.of(DiskWrite.pattern(0, 4096, 5)));
        files.addChild(ChildSpec.DEFAULTS);
        return files;
    }

    private String parentLinkage(ChainFiles files) throws Exception {
        return "{" + new VhdxFileEditor(files.layers().get(0)).dataWriteGuid() + "}";
    }

    @Test
    void linkagesCompareIgnoringCase() throws Exception {
        ChainFiles files = parentAndChild();
        new VhdxFileEditor(files.top()).replaceParentLocator(ParentLocatorBytes.of(
                "parent_linkage", parentLinkage(files).toUpperCase(java.util.Locale.ROOT),
                "relative_path", ".\\layer0.vhdx"));
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, files.top()));
    }

    @Test
    void theSecondLinkageAlsoNamesTheParent() throws Exception {
        ChainFiles files = parentAndChild();
        new VhdxFileEditor(files.top()).replaceParentLocator(ParentLocatorBytes.of(
                "parent_linkage", "{" + UUID.randomUUID() + "}",
                "parent_linkage2", parentLinkage(files),
                "relative_path", ".\\layer0.vhdx"));
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, files.top()));
    }

    @Test
    void aLocatorWithoutParentLinkageIsRefused() throws Exception {
        ChainFiles files = parentAndChild();
        new VhdxFileEditor(files.top()).replaceParentLocator(ParentLocatorBytes.of(
                "parent_linkage2", parentLinkage(files), "relative_path", ".\\layer0.vhdx"));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> images.open(files.top(), false));
        assertTrue(e.getMessage().contains("no parent_linkage"), e.getMessage());
    }

    @Test
    void theParentIsFoundByAbsolutePathWhenTheRelativeOneIsStale() throws Exception {
        ChainFiles files = parentAndChild();
        new VhdxFileEditor(files.top()).replaceParentLocator(ParentLocatorBytes.of(
                "parent_linkage", parentLinkage(files),
                "relative_path", ".\\moved\\elsewhere.vhdx",
                "absolute_win32_path", files.layers().get(0).toString().replace('/', '\\')));
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, files.top()));
    }

    @Test
    void infoDescribesBlockStatesAndTheLog() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        Path image = files.createBase(ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        files.write(List.of(new DiskWrite(0, PatternBytes.of(6, 10))));
        try (Chain chain = images.open(image, false)) {
            var info = chain.top().info();
            assertEquals(MIB, info.allocatedBytes());
            assertEquals("empty", info.details().get("log"));
            assertEquals(java.util.Map.of("not_present", 7L, "fully_present", 1L), info.details().get("block_states"));
            // Listed in the order the table first has them: `vhd info` prints the map as it is.
            assertEquals(List.of("fully_present", "not_present"),
                    List.copyOf(((java.util.Map<?, ?>) info.details().get("block_states")).keySet()));
            assertEquals(4096L, info.details().get("chunk_ratio"));
        }
    }

    @Test
    void rewritingTheHeadersIsAWriteThatRenewsOnlyTheFileWriteGuid() throws Exception {
        Path image = dir.resolve("d.vhdx");
        images.create(image, ImageSpec.dynamic(8 * MIB));
        VhdxFileEditor editor = new VhdxFileEditor(image);
        UUID fileWrite = GuidBytes.decode(editor.header(editor.currentSlot()), 16);
        UUID dataWrite = editor.dataWriteGuid();
        try (var layer = images.openLayer(image, true, org.vhdboot.disk.Durability.SAFE)) {
            ((VhdxImage) layer).rewriteHeaders();
        }
        assertNotEquals(fileWrite, GuidBytes.decode(editor.header(editor.currentSlot()), 16),
                "[MS-VHDX] 2.2.2: a new FileWriteGuid before the first write of a session");
        assertEquals(dataWrite, editor.dataWriteGuid(), "nothing a guest sees changed");
        assertArrayEquals(java.util.Arrays.copyOfRange(editor.header(0), 16, 4096),
                java.util.Arrays.copyOfRange(editor.header(1), 16, 4096));
    }
}
