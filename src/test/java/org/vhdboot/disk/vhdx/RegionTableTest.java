package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.GuidBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionTableTest {
    private static final long MIB = 1 << 20;
    private static final UUID OTHER = UUID.fromString("01020304-0506-0708-090a-0b0c0d0e0f10");

    /** Region table from reference 2.4: header, 32-byte entries, CRC-32C over all 64 KiB. */
    private static byte[] tableBytes() {
        byte[] bytes = new byte[64 * 1024];
        ByteBuffer b = VhdxFileEditor.le(bytes);
        b.put(0, "regi".getBytes(StandardCharsets.US_ASCII));
        b.putInt(8, 3);
        entry(b, 0, RegionTable.METADATA, 2 * MIB, MIB, 1);
        entry(b, 1, RegionTable.BAT, 3 * MIB, MIB, 1);
        entry(b, 2, OTHER, 8 * MIB, 2 * MIB, 0);
        return VhdxFileEditor.sign(bytes);
    }

    private static void entry(ByteBuffer b, int index, UUID guid, long offset, long length, int flags) {
        int at = 16 + 32 * index;
        b.put(at, GuidBytes.encode(guid));
        b.putLong(at + 16, offset);
        b.putInt(at + 24, (int) length);
        b.putInt(at + 28, flags);
    }

    @Test
    void parsesEveryEntry() throws Exception {
        RegionTable table = RegionTable.parse(tableBytes(), "t");
        assertEquals(List.of(new RegionTable.Entry(RegionTable.METADATA, 2 * MIB, MIB, true),
                new RegionTable.Entry(RegionTable.BAT, 3 * MIB, MIB, true),
                new RegionTable.Entry(OTHER, 8 * MIB, 2 * MIB, false)), table.entries());
    }

    @Test
    void rewritesAParsedTableByteForByte() throws Exception {
        byte[] original = tableBytes();
        assertArrayEquals(original, RegionTable.parse(original, "t").toBytes());
    }

    @Test
    void findsRegionsByGuidAndNamesThem() throws Exception {
        RegionTable table = RegionTable.parse(tableBytes(), "t");
        assertEquals(3 * MIB, table.find(RegionTable.BAT).orElseThrow().fileOffset());
        assertEquals("BAT", table.find(RegionTable.BAT).orElseThrow().name());
        assertEquals("metadata", table.find(RegionTable.METADATA).orElseThrow().name());
        assertEquals(OTHER.toString(), table.find(OTHER).orElseThrow().name());
        assertTrue(table.find(UUID.randomUUID()).isEmpty());
    }

    @Test
    void refusesABadCrc() {
        byte[] bytes = tableBytes();
        bytes[60000] = 1;
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> RegionTable.parse(bytes, "r1"));
        assertTrue(e.getMessage().startsWith("r1: CRC-32C mismatch"), e.getMessage());
    }

    @Test
    void refusesAMissingSignature() {
        byte[] bytes = tableBytes();
        bytes[0] = 'R';
        VhdxFileEditor.sign(bytes);
        assertThrows(InvalidImageException.class, () -> RegionTable.parse(bytes, "r1"));
    }

    @Test
    void refusesMoreEntriesThanTheLimit() {
        byte[] bytes = tableBytes();
        VhdxFileEditor.le(bytes).putInt(8, 2048);
        VhdxFileEditor.sign(bytes);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> RegionTable.parse(bytes, "r1"));
        assertTrue(e.getMessage().contains("2048 entries"), e.getMessage());
    }
}
