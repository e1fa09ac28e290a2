package org.vhdboot.disk;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time run scan agrees with a sector-by-sector one, in both bit orders. */
class SectorBitmapRunProperties {

    @Property(tries = 300)
    void runLengthMatchesASectorBySectorScan(@ForAll byte[] bits, @ForAll boolean lsbFirst,
                                             @ForAll @IntRange(min = 0, max = 100_000) int start,
                                             @ForAll @IntRange(min = 1, max = 100_000) int limit) {
        if (bits.length == 0) {
            return;
        }
        SectorBitmap bitmap = new SectorBitmap(bits, lsbFirst ? SectorBitmap.BitOrder.LSB_FIRST
                : SectorBitmap.BitOrder.MSB_FIRST);
        int sectors = bits.length * 8;
        int first = start % sectors;
        int max = 1 + (limit - 1) % (sectors - first);
        int expected = 1;
        while (expected < max && bitmap.isSet(first + expected) == bitmap.isSet(first)) {
            expected++;
        }
        assertEquals(expected, bitmap.runLength(first, max), "from " + first + ", at most " + max);
    }
}
