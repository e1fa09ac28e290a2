package org.vhdboot.disk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SectorBitmapTest {

    @Test
    void vhdCountsFromTheMostSignificantBit() {
        SectorBitmap bitmap = SectorBitmap.empty(2, SectorBitmap.BitOrder.MSB_FIRST);
        bitmap.set(0, 1);
        bitmap.set(9, 1);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x40}, bitmap.bytes());
    }

    @Test
    void vhdxCountsFromTheLeastSignificantBit() {
        SectorBitmap bitmap = SectorBitmap.empty(2, SectorBitmap.BitOrder.LSB_FIRST);
        bitmap.set(0, 1);
        bitmap.set(9, 1);
        assertArrayEquals(new byte[] {0x01, 0x02}, bitmap.bytes());
    }

    @Test
    void setMarksARange() {
        SectorBitmap bitmap = SectorBitmap.empty(4, SectorBitmap.BitOrder.LSB_FIRST);
        bitmap.set(5, 13);
        for (int s = 0; s < 32; s++) {
            assertEquals(s >= 5 && s < 18, bitmap.isSet(s), "sector " + s);
        }
        assertTrue(bitmap.allSet(5, 13));
        assertFalse(bitmap.allSet(4, 13));
        assertEquals(13, bitmap.countSet(32));
    }

    @Test
    void runsEndWhereTheStateChangesAndAtTheLimit() {
        SectorBitmap bitmap = SectorBitmap.empty(8, SectorBitmap.BitOrder.MSB_FIRST);
        bitmap.set(3, 30);
        assertEquals(3, bitmap.runLength(0, 64));
        assertEquals(30, bitmap.runLength(3, 64));
        assertEquals(10, bitmap.runLength(3, 10));
        assertEquals(31, bitmap.runLength(33, 31));
        assertEquals(1, bitmap.runLength(32, 64));
    }

    @Test
    void aFullBitmapHasEverySectorSet() {
        SectorBitmap bitmap = SectorBitmap.full(2, SectorBitmap.BitOrder.MSB_FIRST);
        assertEquals(16, bitmap.runLength(0, 16));
        assertEquals(16, bitmap.countSet(16));
    }
}
