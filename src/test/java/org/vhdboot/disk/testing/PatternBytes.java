package org.vhdboot.disk.testing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/** Deterministic pseudo-random bytes: the same seed always gives the same data, so failures can be replayed. */
public final class PatternBytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte INSTEAD_OF_ZERO = 0x5a;

    private PatternBytes() {
    }

    public static byte[] of(long seed, int length) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        // Eight bytes from each random number: the property tests ask for hundreds of megabytes.
        int whole = length & -Long.BYTES;
        for (int i = 0; i < whole; i += Long.BYTES) {
            LONGS.set(bytes, i, random.nextLong());
        }
        long rest = random.nextLong();
        for (int i = whole; i < length; i++, rest >>>= 8) {
            bytes[i] = (byte) rest;
        }
        // Never zero, so written data can always be told apart from unwritten space.
        for (int i = 0; i < length; i++) {
            if (bytes[i] == 0) {
                bytes[i] = INSTEAD_OF_ZERO;
            }
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
