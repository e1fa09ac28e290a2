package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockAllocationTableTest {
    private static final long MIB = 1L << 20;

    @Test
    void anEntryHoldsTheStateInItsLowBitsAndTheOffsetInMebibytesFromBitTwenty() {
        assertEquals((5L << 20) | 6, BlockAllocationTable.entry(6, 5 * MIB));
        long far = (1L << 43) * MIB;
        assertEquals((1L << 63) | 7, BlockAllocationTable.entry(7, far), "44 offset bits reach the top bit");
    }

    @Test
    void entriesAreEightLittleEndianBytes() {
        assertArrayEquals(new byte[] {0x06, 0x00, 0x30, 0, 0, 0, 0, 0},
                BlockAllocationTable.entryBytes(BlockAllocationTable.entry(6, 3 * MIB)));
    }

    @Test
    void decodesStateOffsetAndReservedBits() {
        byte[] bytes = new byte[24];
        LittleEndian.putLong(bytes, 0, (7L << 20) | 6);
        LittleEndian.putLong(bytes, 8, (9L << 20) | 0x100 | 7);
        BlockAllocationTable bat = BlockAllocationTable.parse(bytes, 3, 4);
        assertEquals(6, bat.state(0));
        assertEquals(7 * MIB, bat.fileOffset(0));
        assertFalse(bat.reservedBitsSet(0));
        assertEquals(7, bat.state(1));
        assertTrue(bat.reservedBitsSet(1));
        assertEquals(0, bat.state(2));
        assertArrayEquals(bytes, bat.toBytes());
    }

    @Test
    void chunkRatiosMatchTheReferenceTable() {
        long[][] table = {
            {1, 4096, 32768},
            {2, 2048, 16384},
            {32, 128, 1024},
            {256, 16, 128},
        };
        for (long[] row : table) {
            assertEquals(row[1], BlockAllocationTable.chunkRatio(row[0] * MIB, 512), row[0] + " MiB at 512");
            assertEquals(row[2], BlockAllocationTable.chunkRatio(row[0] * MIB, 4096), row[0] + " MiB at 4096");
        }
    }

    @Test
    void payloadAndBitmapEntriesInterleaveByChunk() {
        BlockAllocationTable bat = BlockAllocationTable.empty(20, 4);
        assertEquals(0, bat.payloadIndex(0));
        assertEquals(3, bat.payloadIndex(3));
        assertEquals(5, bat.payloadIndex(4), "entry 4 is chunk 0's bitmap");
        assertEquals(11, bat.payloadIndex(9));
        assertEquals(4, bat.bitmapIndex(0));
        assertEquals(9, bat.bitmapIndex(1));
        assertEquals(14, bat.bitmapIndex(2));
        for (int index = 0; index < 20; index++) {
            assertEquals(index % 5 == 4, bat.isBitmapIndex(index), "index " + index);
        }
    }

    @Test
    void countsEntriesAsTheSpecificationDoes() {
        // Fixed and dynamic: every payload block plus the bitmap entries between them.
        assertEquals(1, BlockAllocationTable.totalEntries(1, 4, false));
        assertEquals(4, BlockAllocationTable.totalEntries(4, 4, false));
        assertEquals(6, BlockAllocationTable.totalEntries(5, 4, false));
        assertEquals(16, BlockAllocationTable.totalEntries(16, 2048, false));
        // Differencing: whole chunks including the last bitmap entry.
        assertEquals(5, BlockAllocationTable.totalEntries(1, 4, true));
        assertEquals(5, BlockAllocationTable.totalEntries(4, 4, true));
        assertEquals(10, BlockAllocationTable.totalEntries(5, 4, true));
        assertEquals(2049, BlockAllocationTable.totalEntries(16, 2048, true));
    }

    @Test
    void theEntryPositionIsEightBytesPerIndexFromTheRegionStart() {
        assertEquals(3 * MIB + 8 * 2049, BlockAllocationTable.entryPosition(3 * MIB, 2049));
    }

    /** Little-endian longs into a byte array, written out here to stay independent of the engine. */
    private static final class LittleEndian {
        static void putLong(byte[] bytes, int at, long value) {
            for (int i = 0; i < 8; i++) {
                bytes[at + i] = (byte) (value >>> (8 * i));
            }
        }
    }
}
