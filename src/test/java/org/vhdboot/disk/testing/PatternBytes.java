package org.vhdboot.disk.testing;

import java.util.SplittableRandom;

/** Deterministic pseudo-random bytes: the same seed always gives the same data, so failures can be replayed. */
public final class PatternBytes {
    private PatternBytes() {
    }

    public static byte[] of(long seed, int length) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            // Never zero, so written data can always be told apart from unwritten space.
            bytes[i] = (byte) (1 + random.nextInt(255));
        }
        return bytes;
    }

    /** {@code length} copies of one byte, like qemu-io's {@code write -P}. */
    public static byte[] filled(int value, int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
