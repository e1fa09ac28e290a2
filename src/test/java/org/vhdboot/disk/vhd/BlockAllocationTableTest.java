package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockAllocationTableTest {

    @Test
    void aNewTableHasEveryEntryUnusedAndIsPaddedWithOnesToASector() {
        byte[] bytes = BlockAllocationTable.empty(3).toBytes();
        assertEquals(512, bytes.length);
        for (byte b : bytes) {
            assertEquals((byte) 0xFF, b);
        }
    }

    @Test
    void entriesAreBigEndianSectorNumbers() {
        byte[] bytes = new byte[512];
        ByteBuffer.wrap(bytes).putInt(0, 0xFFFFFFFF).putInt(4, 5).putInt(8, 0x80000000);
        BlockAllocationTable bat = BlockAllocationTable.parse(bytes, 3);
        assertFalse(bat.allocated(0));
        assertTrue(bat.allocated(1));
        assertEquals(5 * 512L, bat.blockOffset(1));
        assertEquals(0x80000000L * 512, bat.blockOffset(2), "entries are unsigned: files up to 2 TiB");
        assertEquals(2, bat.allocatedCount());
    }

    @Test
    void roundTripsThroughItsBytes() {
        BlockAllocationTable bat = BlockAllocationTable.empty(200);
        bat.set(7, 3 * 512L);
        bat.set(199, 0xFFFFFFFEL * 512);
        BlockAllocationTable again = BlockAllocationTable.parse(bat.toBytes(), 200);
        assertArrayEquals(bat.toBytes(), again.toBytes());
        assertEquals(3 * 512L, again.blockOffset(7));
        assertEquals(1024, bat.toBytes().length, "200 entries need 800 bytes, padded to two sectors");
    }

    @Test
    void oneEntryIsFourBigEndianBytes() {
        assertArrayEquals(new byte[] {0, 0, 0x10, 0}, BlockAllocationTable.entryBytes(0x1000 * 512L));
    }
}
