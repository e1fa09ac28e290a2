package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.VhdFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes the engine lays down in VHD files, checked against the specification field by field. */
class VhdImageTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    private static ByteBuffer footer(Path file) throws Exception {
        return ByteBuffer.wrap(new VhdFileEditor(file).footer());
    }

    @Test
    void aNewDynamicVhdHasFooterCopyHeaderEmptyBatAndFooter() throws Exception {
        Path image = dir.resolve("d.vhd");
        images.create(image, ImageSpec.dynamic(64 * MIB));
        assertEquals(512 + 1024 + 512 + 512, Files.size(image), "32 BAT entries fit one sector");
        byte[] trailing = new VhdFileEditor(image).footer();
        assertArrayEquals(trailing, FileBytes.read(image, 0, 512), "the copy at offset 0 equals the footer");
        ByteBuffer f = ByteBuffer.wrap(trailing);
        assertEquals("conectix", new String(trailing, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(2, f.getInt(8), "features: only the reserved bit");
        assertEquals(0x0001_0000, f.getInt(12));
        assertEquals(512, f.getLong(16));
        assertEquals("vhdb", new String(trailing, 28, 4, StandardCharsets.US_ASCII));
        assertEquals("Wi2k", new String(trailing, 36, 4, StandardCharsets.US_ASCII));
        assertEquals(64 * MIB, f.getLong(40), "original size is exactly the request");
        assertEquals(64 * MIB, f.getLong(48), "current size is exactly the request");
        assertEquals(963, f.getShort(56));
        assertEquals(8, f.get(58));
        assertEquals(17, f.get(59));
        assertEquals(3, f.getInt(60));
        assertEquals(VhdFileEditor.checksum(trailing, 64), f.getInt(64));
        byte[] header = FileBytes.read(image, 512, 1024);
        ByteBuffer h = ByteBuffer.wrap(header);
        assertEquals("cxsparse", new String(header, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(-1L, h.getLong(8));
        assertEquals(1536, h.getLong(16));
        assertEquals(32, h.getInt(28));
        assertEquals(2 << 20, h.getInt(32));
        assertEquals(VhdFileEditor.checksum(header, 36), h.getInt(36));
        byte[] bat = FileBytes.read(image, 1536, 512);
        for (byte b : bat) {
            assertEquals((byte) 0xFF, b);
        }
    }

    @Test
    void aNewFixedVhdIsTheDiskThenOneFooterWithoutACopy() throws Exception {
        Path image = dir.resolve("f.vhd");
        images.create(image, ImageSpec.fixed(8 * MIB));
        assertEquals(8 * MIB + 512, Files.size(image));
        assertArrayEquals(new byte[512], FileBytes.read(image, 0, 512), "sector 0 belongs to the guest");
        assertEquals(-1L, footer(image).getLong(16));
        assertEquals(2, footer(image).getInt(60));
    }

    @Test
    void onlyTheBlockSizesWindowsAcceptsAreCreated() throws Exception {
        images.create(dir.resolve("a.vhd"), ImageSpec.dynamic(8 * MIB).withBlockSize(512 << 10));
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> images.create(dir.resolve("b.vhd"), ImageSpec.dynamic(8 * MIB).withBlockSize(MIB)));
        assertTrue(e.getMessage().contains("512K or 2M"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("b.vhd")));
    }

    @Test
    void sizesBeyondTheVhdLimitAreRefused() {
        assertThrows(InvalidImageException.class,
                () -> images.create(dir.resolve("big.vhd"), ImageSpec.dynamic((2040L << 30) + MIB)));
    }

    @Test
    void aNewBlockGoesWhereTheFooterWasAndTheFooterMovesToTheNewEnd() throws Exception {
        Path image = dir.resolve("d.vhd");
        images.create(image, ImageSpec.dynamic(8 * MIB));
        long oldFooter = Files.size(image) - 512;
        byte[] footerBefore = new VhdFileEditor(image).footer();
        try (Chain chain = images.open(image, true)) {
            chain.write(2 * MIB + 512, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        VhdFileEditor editor = new VhdFileEditor(image);
        assertEquals(oldFooter / 512, editor.batEntry(1), "block 1's bitmap starts at the old footer");
        assertEquals(-1, editor.batEntry(0));
        assertEquals(oldFooter + 512 + 2 * MIB + 512, Files.size(image));
        assertArrayEquals(footerBefore, editor.footer(), "the footer itself does not change");
        assertArrayEquals(new byte[] {1, 2, 3}, FileBytes.read(image, oldFooter + 512 + 512, 3));
        byte[] bitmap = FileBytes.read(image, oldFooter, 512);
        for (byte b : bitmap) {
            assertEquals((byte) 0xFF, b, "a dynamic disk's new block is marked written throughout");
        }
    }

    @Test
    void aChildRecordsItsParentAsWindowsDoes() throws Exception {
        Path parent = dir.resolve("Parent.vhd");
        images.create(parent, ImageSpec.dynamic(16 * MIB).withBlockSize(512 << 10));
        Instant modified = Instant.parse("2024-03-04T05:06:07Z");
        Files.setLastModifiedTime(parent, FileTime.from(modified));
        Path child = dir.resolve("Child.vhd");
        images.createChild(child, parent);

        ByteBuffer f = footer(child);
        ByteBuffer parentFooter = footer(parent);
        assertEquals(4, f.getInt(60));
        assertEquals(16 * MIB, f.getLong(48));
        assertEquals(parentFooter.getInt(56), f.getInt(56), "geometry copied from the parent");
        byte[] header = new VhdFileEditor(child).header();
        ByteBuffer h = ByteBuffer.wrap(header);
        assertEquals(512 << 10, h.getInt(32), "block size copied from the parent");
        assertEquals(parentFooter.getLong(68), h.getLong(40));
        assertEquals(parentFooter.getLong(76), h.getLong(48));
        assertEquals(VhdTimestamp.fromInstant(modified), h.getInt(56), "parent time stamp = parent mtime");
        assertEquals("Parent.vhd", new String(header, 64, 20, StandardCharsets.UTF_16BE));

        ParentLocatorEntry absolute = ParentLocatorEntry.parse(h, 576);
        ParentLocatorEntry relative = ParentLocatorEntry.parse(h, 600);
        assertEquals("W2ku", absolute.platformName());
        assertEquals("W2ru", relative.platformName());
        assertEquals(512, relative.dataSpace(), "data space in bytes, as Windows writes it");
        String relativePath = new String(FileBytes.read(child, relative.dataOffset(), relative.dataLength()),
                StandardCharsets.UTF_16LE);
        assertEquals(".\\Parent.vhd", relativePath);
        String absolutePath = new String(FileBytes.read(child, absolute.dataOffset(), absolute.dataLength()),
                StandardCharsets.UTF_16LE);
        assertTrue(absolutePath.endsWith("\\Parent.vhd"), absolutePath);
        assertEquals(0, relative.dataOffset() % 512, "locator data is sector aligned");
    }

    @Test
    void aChildsBitmapMarksWrittenSectorsMostSignificantBitFirst() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        files.createBase(ImageSpec.dynamic(8 * MIB));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(List.of(new DiskWrite(0, new byte[512]), new DiskWrite(9 * 512, new byte[512])));
        VhdFileEditor editor = new VhdFileEditor(child);
        byte[] bitmap = FileBytes.read(child, 512L * editor.batEntry(0), 4);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x40, 0, 0}, bitmap);
    }

    @Test
    void aTouchedParentIsAWarningNotAnError() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        Path parent = files.createBase(ImageSpec.dynamic(8 * MIB));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        Files.setLastModifiedTime(parent, FileTime.from(Instant.now().plusSeconds(3600)));
        try (Chain chain = images.open(child, false)) {
            assertEquals(1, chain.warnings().size(), chain.warnings().toString());
            assertTrue(chain.warnings().get(0).startsWith("parent time stamp differs"), chain.warnings().get(0));
        }
    }

    @Test
    void aParentTimeStampOfZeroAsWindows10WritesItIsNoWarning() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        Path parent = files.createBase(ImageSpec.dynamic(8 * MIB));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        new VhdFileEditor(child).patchHeader(h -> h.putInt(56, 0));
        Files.setLastModifiedTime(parent, FileTime.from(Instant.now().plusSeconds(3600)));
        try (Chain chain = images.open(child, false)) {
            assertEquals(List.of(), chain.warnings());
        }
    }

    @Test
    void infoDescribesTheFile() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        Path image = files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(List.of(DiskWrite.pattern(3 * MIB, 10, 1)));
        try (Chain chain = images.open(image, false)) {
            LayerInfo info = chain.top().info();
            assertEquals(DiskType.DYNAMIC, info.type());
            assertEquals(8 * MIB, info.virtualSize());
            assertEquals(2 * MIB, info.allocatedBytes(), "one block allocated");
            assertEquals(2 * MIB, info.blockSize());
            assertEquals(1, info.details().get("allocated_blocks"));
            assertEquals(DiskGeometry.forSize(8 * MIB).toString(), info.details().get("geometry"));
            assertTrue(info.creator().startsWith("vhdb "), info.creator());
            ByteBuffer f = footer(image);
            assertEquals(new UUID(f.getLong(68), f.getLong(76)).toString(), info.id());
        }
    }

    @Test
    void checkReportsAChildWithoutWindowsLocators() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        files.createBase(ImageSpec.dynamic(8 * MIB));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        new VhdFileEditor(child).patchHeader(h -> {
            h.putInt(576, 0);
            h.putInt(600, 0);
        });
        try (Chain chain = images.open(child, false)) {
            List<String> problems = chain.top().check();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("neither a W2ru nor a W2ku"), problems.get(0));
        }
    }

    @Test
    void checkReportsBlocksSharingFileSpace() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        Path image = files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(List.of(DiskWrite.pattern(0, 10, 1), DiskWrite.pattern(2 * MIB, 10, 2)));
        VhdFileEditor editor = new VhdFileEditor(image);
        editor.setBatEntry(1, editor.batEntry(0) + 1);
        try (Chain chain = images.open(image, false)) {
            List<String> problems = chain.top().check();
            assertTrue(problems.stream().anyMatch(p -> p.contains("share file space")), problems.toString());
        }
    }

    @Test
    void growingAnotherWritersVhdKeepsItsFooterByteForByte() throws Exception {
        Path image = dir.resolve("windows.vhd");
        images.create(image, ImageSpec.dynamic(8 * MIB));
        VhdFileEditor editor = new VhdFileEditor(image);
        editor.patchFooter(f -> {
            f.put(28, "win ".getBytes(StandardCharsets.US_ASCII));
            f.putInt(32, 0x000A_0000);
            f.put(300, (byte) 0x5A);
        });
        byte[] foreign = editor.footer();
        try (Chain chain = images.open(image, true)) {
            chain.write(5 * MIB, ByteBuffer.wrap(new byte[] {1}));
        }
        assertArrayEquals(foreign, editor.footer(), "trailing footer");
        assertArrayEquals(foreign, FileBytes.read(image, 0, 512), "copy at offset 0");
    }
}
