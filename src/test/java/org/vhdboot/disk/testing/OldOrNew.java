package org.vhdboot.disk.testing;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The crash-safety promise: after an interrupted write every byte holds either its old or its new value. */
public final class OldOrNew {
    /** Sectors wholly old or wholly new are compared at memory speed; only mixed ones byte by byte. */
    private static final int SECTOR = 512;

    private OldOrNew() {
    }

    public static void assertEveryByteOldOrNew(byte[] before, byte[] after, byte[] actual, String context) {
        assertEquals(before.length, actual.length, context + ": disk size");
        int i = firstGarbage(before, after, actual);
        if (i >= 0) {
            fail(String.format("%s: byte %d reads 0x%02X, neither the old 0x%02X nor the new 0x%02X", context, i,
                    actual[i], before[i], after[i]));
        }
    }

    /** True when some byte is neither old nor new: garbage. */
    public static boolean hasGarbage(byte[] before, byte[] after, byte[] actual) {
        return actual.length != before.length || firstGarbage(before, after, actual) >= 0;
    }

    /** The first byte of {@code actual} that is neither old nor new, or -1. */
    private static int firstGarbage(byte[] before, byte[] after, byte[] actual) {
        for (int from = 0; from < actual.length; from += SECTOR) {
            int to = Math.min(actual.length, from + SECTOR);
            if (Arrays.equals(actual, from, to, before, from, to) || Arrays.equals(actual, from, to, after, from, to)) {
                continue;
            }
            for (int i = from; i < to; i++) {
                if (actual[i] != before[i] && actual[i] != after[i]) {
                    return i;
                }
            }
        }
        return -1;
    }
}
