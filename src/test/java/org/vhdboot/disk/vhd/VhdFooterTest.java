package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.VhdFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VhdFooterTest {
    private static final UUID ID = UUID.fromString("01234567-89ab-cdef-0011-223344556677");

    /** A footer laid out byte by byte from the specification (reference 1.2), then signed. */
    private static byte[] footerBytes(String creator, int type, long size, int features) {
        byte[] bytes = new byte[512];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.put(0, "conectix".getBytes(StandardCharsets.US_ASCII));
        b.putInt(8, features);
        b.putInt(12, 0x0001_0000);
        b.putLong(16, type == 2 ? -1L : 512);
        b.putInt(24, 0x2A000000);
        b.put(28, creator.getBytes(StandardCharsets.ISO_8859_1));
        b.putInt(32, 0x000A_0000);
        b.put(36, "Wi2k".getBytes(StandardCharsets.US_ASCII));
        b.putLong(40, size);
        b.putLong(48, size);
        b.putShort(56, (short) 963);
        b.put(58, (byte) 8);
        b.put(59, (byte) 17);
        b.putInt(60, type);
        b.putLong(68, ID.getMostSignificantBits());
        b.putLong(76, ID.getLeastSignificantBits());
        return VhdFileEditor.signFooter(bytes);
    }

    @Test
    void parsesEveryFieldOfAHandMadeFooter() throws Exception {
        VhdFooter footer = VhdFooter.parse(footerBytes("win ", 3, 64L << 20, 2), "test");
        assertEquals(2, footer.features());
        assertEquals(512, footer.dataOffset());
        assertEquals(0x2A000000, footer.timestamp());
        assertEquals("win ", footer.creatorApplication());
        assertEquals(0x000A_0000, footer.creatorVersion());
        assertEquals("Wi2k", footer.creatorHostOs());
        assertEquals(64L << 20, footer.originalSize());
        assertEquals(64L << 20, footer.currentSize());
        assertEquals(new DiskGeometry(963, 8, 17), footer.geometry());
        assertEquals(DiskType.DYNAMIC, footer.type());
        assertEquals(ID, footer.uniqueId(), "unique id bytes are in RFC 4122 (big-endian) order");
        assertEquals(0, footer.savedState());
    }

    @Test
    void rewritesAParsedFooterByteForByte() throws Exception {
        byte[] original = footerBytes("win ", 4, 1L << 30, 2);
        assertArrayEquals(original, VhdFooter.parse(original, "test").toBytes());
    }

    @Test
    void keepsUnusualCreatorBytesExactly() throws Exception {
        for (String creator : new String[] {"tap\0", "wa\0\0", "\u00ff\u0080q2", "xo  "}) {
            byte[] original = footerBytes(creator, 3, 8L << 20, 2);
            assertArrayEquals(original, VhdFooter.parse(original, "test").toBytes(), "creator " + creator);
        }
    }

    @Test
    void keepsTemporaryFlagAndSavedState() throws Exception {
        byte[] original = footerBytes("win ", 2, 8L << 20, 3);
        original[84] = 1;
        VhdFileEditor.signFooter(original);
        VhdFooter footer = VhdFooter.parse(original, "test");
        assertEquals(3, footer.features());
        assertEquals(1, footer.savedState());
        assertArrayEquals(original, footer.toBytes());
    }

    @Test
    void signsWithTheOnesComplementOfTheByteSum() throws Exception {
        byte[] written = VhdFooter.parse(footerBytes("vhdb", 3, 8L << 20, 2), "test").toBytes();
        assertEquals(VhdFileEditor.checksum(written, 64), ByteBuffer.wrap(written).getInt(64));
    }

    @Test
    void fixedFootersPointAtNoHeader() throws Exception {
        VhdFooter footer = VhdFooter.parse(footerBytes("win ", 2, 8L << 20, 2), "test");
        assertEquals(DiskType.FIXED, footer.type());
        assertEquals(VhdFooter.NO_DATA_OFFSET, footer.dataOffset());
    }

    @Test
    void refusesAFlippedByteAsAChecksumMismatch() {
        byte[] bytes = footerBytes("win ", 3, 8L << 20, 2);
        bytes[50] ^= 1;
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> VhdFooter.parse(bytes, "x.vhd"));
        assertTrue(e.getMessage().startsWith("x.vhd: footer checksum mismatch"), e.getMessage());
    }

    @Test
    void refusesAFlippedChecksumByte() {
        byte[] bytes = footerBytes("win ", 3, 8L << 20, 2);
        bytes[67] ^= 1;
        assertThrows(InvalidImageException.class, () -> VhdFooter.parse(bytes, "x.vhd"));
    }

    @Test
    void refusesAMissingCookie() {
        byte[] bytes = footerBytes("win ", 3, 8L << 20, 2);
        bytes[0] = 'C';
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> VhdFooter.parse(VhdFileEditor.signFooter(bytes), "x.vhd"));
        assertTrue(e.getMessage().contains("conectix"), e.getMessage());
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        byte[] bytes = footerBytes("win ", 3, 8L << 20, 2);
        ByteBuffer.wrap(bytes).putInt(12, 0x0002_0000);
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> VhdFooter.parse(VhdFileEditor.signFooter(bytes), "x.vhd"));
        assertTrue(e.getMessage().contains("version 0x00020000"), e.getMessage());
    }

    @Test
    void refusesDeprecatedAndUnknownDiskTypes() {
        for (int type : new int[] {0, 1, 5, 6, 7}) {
            byte[] bytes = VhdFileEditor.signFooter(footerBytes("win ", type, 8L << 20, 2));
            InvalidImageException e = assertThrows(InvalidImageException.class, () -> VhdFooter.parse(bytes, "x"),
                    "type " + type);
            assertTrue(e.getMessage().contains("disk type " + type), e.getMessage());
        }
    }

    @Test
    void refusesASizeThatIsNotWholeSectors() {
        byte[] bytes = footerBytes("win ", 3, (8L << 20) + 100, 2);
        assertThrows(InvalidImageException.class, () -> VhdFooter.parse(bytes, "x"));
    }

    @Test
    void refusesAZeroSize() {
        byte[] bytes = footerBytes("win ", 3, 0, 2);
        assertThrows(InvalidImageException.class, () -> VhdFooter.parse(bytes, "x"));
    }

    @Test
    void refusesAHundredTerabyteSizeField() {
        long hundredTb = 100L * 1000 * 1000 * 1000 * 1000 / 512 * 512;
        byte[] bytes = footerBytes("win ", 3, hundredTb, 2);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> VhdFooter.parse(bytes, "x.vhd"));
        assertTrue(e.getMessage().contains("beyond the VHD limit"), e.getMessage());
    }

    @Test
    void acceptsTheLargestSizeWindowsAllows() throws Exception {
        long limit = 2040L << 30;
        assertEquals(limit, VhdFooter.parse(footerBytes("win ", 3, limit, 2), "x").currentSize());
        assertThrows(InvalidImageException.class, () -> VhdFooter.parse(footerBytes("win ", 3, limit + 512, 2), "x"));
    }

    @Test
    void recognisesTheCookieOnly() {
        assertTrue(VhdFooter.hasCookie("conectix".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, VhdFooter.hasCookie("conectiX".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, VhdFooter.hasCookie(new byte[4]));
    }

    @Test
    void describesTheCreatorReadably() throws Exception {
        VhdFooter footer = VhdFooter.parse(footerBytes("tap\0", 3, 8L << 20, 2), "x");
        assertEquals("tap 10.0 (Wi2k)", footer.creator());
    }
}
