package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.GuidBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataTableTest {
    private static final long REGION = 1 << 20;

    private static byte[] table(int count) {
        byte[] bytes = new byte[64 * 1024];
        ByteBuffer b = VhdxFileEditor.le(bytes);
        b.put(0, "metadata".getBytes(StandardCharsets.US_ASCII));
        b.putShort(10, (short) count);
        return bytes;
    }

    private static void entry(byte[] table, int index, UUID id, long offset, long length, int flags) {
        ByteBuffer b = VhdxFileEditor.le(table);
        int at = 32 + 32 * index;
        b.put(at, GuidBytes.encode(id));
        b.putInt(at + 16, (int) offset);
        b.putInt(at + 20, (int) length);
        b.putInt(at + 24, flags);
    }

    @Test
    void parsesItemsAndTheirFlags() throws Exception {
        byte[] bytes = table(3);
        entry(bytes, 0, MetadataTable.FILE_PARAMETERS, 65536, 8, 4);
        entry(bytes, 1, MetadataTable.VIRTUAL_DISK_SIZE, 65544, 8, 6);
        UUID user = UUID.randomUUID();
        entry(bytes, 2, user, 0, 0, 1);
        MetadataTable table = MetadataTable.parse(bytes, REGION, "t");
        assertEquals(new MetadataTable.Entry(MetadataTable.FILE_PARAMETERS, 65536, 8, false, false, true),
                table.entries().get(0));
        assertEquals(new MetadataTable.Entry(MetadataTable.VIRTUAL_DISK_SIZE, 65544, 8, false, true, true),
                table.entries().get(1));
        assertEquals(new MetadataTable.Entry(user, 0, 0, true, false, false), table.entries().get(2));
    }

    @Test
    void rewritesAParsedTableByteForByte() throws Exception {
        byte[] bytes = table(2);
        entry(bytes, 0, MetadataTable.FILE_PARAMETERS, 65536, 8, 4);
        entry(bytes, 1, MetadataTable.PAGE_83_DATA, 65552, 16, 6);
        assertArrayEquals(bytes, MetadataTable.parse(bytes, REGION, "t").toBytes());
    }

    @Test
    void findSkipsUserItemsWithASystemId() throws Exception {
        byte[] bytes = table(1);
        entry(bytes, 0, MetadataTable.FILE_PARAMETERS, 65536, 8, 1);
        assertTrue(MetadataTable.parse(bytes, REGION, "t").find(MetadataTable.FILE_PARAMETERS).isEmpty());
    }

    @Test
    void refusesAnItemInsideTheTable() {
        byte[] bytes = table(1);
        entry(bytes, 0, MetadataTable.FILE_PARAMETERS, 100, 8, 4);
        assertThrows(InvalidImageException.class, () -> MetadataTable.parse(bytes, REGION, "t"));
    }

    @Test
    void refusesAnItemPastTheRegion() {
        byte[] bytes = table(1);
        entry(bytes, 0, MetadataTable.FILE_PARAMETERS, REGION - 4, 8, 4);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> MetadataTable.parse(bytes, REGION, "t"));
        assertTrue(e.getMessage().contains("outside the metadata region"), e.getMessage());
    }

    @Test
    void refusesTheSameItemTwice() {
        byte[] bytes = table(2);
        entry(bytes, 0, MetadataTable.FILE_PARAMETERS, 65536, 8, 4);
        entry(bytes, 1, MetadataTable.FILE_PARAMETERS, 65544, 8, 4);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> MetadataTable.parse(bytes, REGION, "t"));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }

    @Test
    void refusesOverlappingItems() {
        byte[] bytes = table(2);
        entry(bytes, 0, MetadataTable.FILE_PARAMETERS, 65536, 8, 4);
        entry(bytes, 1, MetadataTable.VIRTUAL_DISK_SIZE, 65540, 8, 6);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> MetadataTable.parse(bytes, REGION, "t"));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void refusesAMissingSignature() {
        byte[] bytes = table(0);
        bytes[0] = 'M';
        assertThrows(InvalidImageException.class, () -> MetadataTable.parse(bytes, REGION, "t"));
    }

    @Test
    void refusesMoreEntriesThanTheLimit() {
        assertThrows(InvalidImageException.class, () -> MetadataTable.parse(table(2048), REGION, "t"));
    }
}
