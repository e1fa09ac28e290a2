package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskGeometryTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void matchesTheSpecificationTable() {
        assertEquals(new DiskGeometry(963, 8, 17), DiskGeometry.forSize(64 * MIB));
        assertEquals(new DiskGeometry(2080, 16, 63), DiskGeometry.forSize(GIB));
        assertEquals(new DiskGeometry(16448, 16, 255), DiskGeometry.forSize(32 * GIB));
        assertEquals(new DiskGeometry(65278, 16, 255), DiskGeometry.forSize(127 * GIB));
    }

    @Test
    void capsAtTheLargestGeometryFromOneHundredTwentyEightGibibytes() {
        DiskGeometry cap = new DiskGeometry(65535, 16, 255);
        assertEquals(cap, DiskGeometry.forSize(128 * GIB));
        assertEquals(cap, DiskGeometry.forSize(2040 * GIB));
    }

    @Test
    void switchesToTwoHundredFiftyFiveSectorsExactlyAtTheBoundary() {
        long boundary = 65535L * 16 * 63 * 512;
        assertEquals(255, DiskGeometry.forSize(boundary).sectorsPerTrack());
        assertEquals(63, DiskGeometry.forSize(boundary - 512).sectorsPerTrack());
    }

    @Test
    void usesAtLeastFourHeadsForSmallDisks() {
        DiskGeometry small = DiskGeometry.forSize(8 * MIB);
        assertEquals(17, small.sectorsPerTrack());
        assertEquals(4, small.heads());
        assertEquals(240, small.cylinders());
    }

    @Test
    void neverClaimsMoreThanTheRequestedSize() {
        for (long size : new long[] {3 * MIB, 64 * MIB, 500 * MIB, GIB, 32 * GIB, 127 * GIB}) {
            assertTrue(DiskGeometry.forSize(size).bytes() <= size, "size " + size);
        }
        assertEquals(67_055_616L, DiskGeometry.forSize(64 * MIB).bytes());
    }

    @Test
    void printsAsCylindersHeadsSectors() {
        assertEquals("963/8/17", DiskGeometry.forSize(64 * MIB).toString());
    }
}
