package org.vhdboot.disk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The crash-safety promise: after an interrupted write every byte holds either its old or its new value. */
public final class OldOrNew {
    private OldOrNew() {
    }

    public static void assertEveryByteOldOrNew(byte[] before, byte[] after, byte[] actual, String context) {
        assertEquals(before.length, actual.length, context + ": disk size");
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != before[i] && actual[i] != after[i]) {
                fail(String.format("%s: byte %d reads 0x%02X, neither the old 0x%02X nor the new 0x%02X", context, i,
                        actual[i], before[i], after[i]));
            }
        }
    }

    /** True when some byte is neither old nor new: garbage. */
    public static boolean hasGarbage(byte[] before, byte[] after, byte[] actual) {
        if (actual.length != before.length) {
            return true;
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != before[i] && actual[i] != after[i]) {
                return true;
            }
        }
        return false;
    }
}
