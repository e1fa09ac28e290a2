package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.VhdFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamicHeaderTest {
    private static final UUID PARENT = UUID.fromString("fedcba98-7654-3210-8899-aabbccddeeff");

    /** A differencing header laid out byte by byte from reference 1.5 and 1.6, then signed. */
    private static byte[] headerBytes(int blockSize, String parentName) {
        byte[] bytes = new byte[1024];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.put(0, "cxsparse".getBytes(StandardCharsets.US_ASCII));
        b.putLong(8, -1L);
        b.putLong(16, 1536);
        b.putInt(24, 0x0001_0000);
        b.putInt(28, 32);
        b.putInt(32, blockSize);
        b.putLong(40, PARENT.getMostSignificantBits());
        b.putLong(48, PARENT.getLeastSignificantBits());
        b.putInt(56, 0x2B000000);
        b.put(64, parentName.getBytes(StandardCharsets.UTF_16BE));
        // W2ku then W2ru, data space in bytes as Windows writes it.
        b.putInt(576, 0x57326B75);
        b.putInt(580, 512);
        b.putInt(584, 40);
        b.putLong(592, 2048);
        b.putInt(600, 0x57327275);
        b.putInt(604, 512);
        b.putInt(608, 22);
        b.putLong(616, 2560);
        return VhdFileEditor.signHeader(bytes);
    }

    @Test
    void parsesEveryField() throws Exception {
        DynamicHeader header = DynamicHeader.parse(headerBytes(2 << 20, "Parent.vhd"), "test");
        assertEquals(1536, header.tableOffset());
        assertEquals(32, header.maxTableEntries());
        assertEquals(2 << 20, header.blockSize());
        assertEquals(PARENT, header.parentUniqueId());
        assertEquals(0x2B000000, header.parentTimestamp());
        assertEquals("Parent.vhd", header.parentUnicodeName());
        assertEquals(8, header.locators().size());
        assertEquals(new ParentLocatorEntry(ParentLocatorEntry.W2KU, 512, 40, 2048), header.locators().get(0));
        assertEquals(new ParentLocatorEntry(ParentLocatorEntry.W2RU, 512, 22, 2560), header.locators().get(1));
        assertEquals(ParentLocatorEntry.UNUSED, header.locators().get(7));
    }

    @Test
    void rewritesAParsedHeaderByteForByte() throws Exception {
        byte[] original = headerBytes(512 << 10, "Parent.vhd");
        assertArrayEquals(original, DynamicHeader.parse(original, "test").toBytes());
    }

    @Test
    void storesTheParentNameAsUtf16BigEndian() throws Exception {
        String name = "Pär€nt \u2603.vhd";
        byte[] written = DynamicHeader.parse(headerBytes(2 << 20, name), "test").toBytes();
        byte[] expected = name.getBytes(StandardCharsets.UTF_16BE);
        byte[] stored = java.util.Arrays.copyOfRange(written, 64, 64 + expected.length);
        assertArrayEquals(expected, stored);
        assertEquals(0, written[64 + expected.length], "the name is zero padded");
        assertEquals(name, DynamicHeader.parse(written, "test").parentUnicodeName());
    }

    @Test
    void readsANameThatFillsAllFiveHundredTwelveBytes() throws Exception {
        String name = "n".repeat(256);
        assertEquals(name, DynamicHeader.parse(headerBytes(2 << 20, name), "test").parentUnicodeName());
    }

    @Test
    void signsWithTheOnesComplementOfTheByteSum() throws Exception {
        byte[] written = DynamicHeader.parse(headerBytes(2 << 20, "p.vhd"), "test").toBytes();
        assertEquals(VhdFileEditor.checksum(written, 36), ByteBuffer.wrap(written).getInt(36));
    }

    @Test
    void refusesAFlippedByte() {
        byte[] bytes = headerBytes(2 << 20, "p.vhd");
        bytes[100] ^= 0x10;
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> DynamicHeader.parse(bytes, "c.vhd"));
        assertTrue(e.getMessage().startsWith("c.vhd: dynamic header checksum mismatch"), e.getMessage());
    }

    @Test
    void refusesAMissingCookie() {
        byte[] bytes = headerBytes(2 << 20, "p.vhd");
        bytes[1] = 'X';
        assertThrows(InvalidImageException.class, () -> DynamicHeader.parse(VhdFileEditor.signHeader(bytes), "c.vhd"));
    }

    @Test
    void refusesAnUnknownHeaderVersion() {
        byte[] bytes = headerBytes(2 << 20, "p.vhd");
        ByteBuffer.wrap(bytes).putInt(24, 0x0001_0001);
        assertThrows(InvalidImageException.class, () -> DynamicHeader.parse(VhdFileEditor.signHeader(bytes), "c.vhd"));
    }

    @Test
    void refusesBlockSizesThatAreNotPowersOfTwoInRange() {
        for (int blockSize : new int[] {0, 256, 3 << 20, 512 << 20, -(1 << 31)}) {
            byte[] bytes = VhdFileEditor.signHeader(headerBytes(blockSize, "p.vhd"));
            assertThrows(InvalidImageException.class, () -> DynamicHeader.parse(bytes, "c.vhd"), "block size " + blockSize);
        }
    }

    @Test
    void refusesANegativeEntryCount() {
        byte[] bytes = headerBytes(2 << 20, "p.vhd");
        ByteBuffer.wrap(bytes).putInt(28, -5);
        assertThrows(InvalidImageException.class, () -> DynamicHeader.parse(VhdFileEditor.signHeader(bytes), "c.vhd"));
    }

    @Test
    void bitmapsAreWholeSectorsInFrontOfEachBlock() throws Exception {
        assertEquals(512, DynamicHeader.parse(headerBytes(2 << 20, ""), "t").bitmapSize(), "2 MiB: 512 bytes");
        assertEquals(512, DynamicHeader.parse(headerBytes(512 << 10, ""), "t").bitmapSize(), "512 KiB: 128 -> 512");
        assertEquals(4096, DynamicHeader.parse(headerBytes(16 << 20, ""), "t").bitmapSize(), "16 MiB: 4096 bytes");
    }

    @Test
    void theTableIsPaddedToWholeSectors() throws Exception {
        DynamicHeader header = DynamicHeader.parse(headerBytes(2 << 20, ""), "t");
        assertEquals(512, header.tableBytes(), "32 entries of 4 bytes fill one sector");
        DynamicHeader bigger = new DynamicHeader(1536, 129, 2 << 20, PARENT, 0, "", java.util.List.of());
        assertEquals(1024, bigger.tableBytes());
    }
}
