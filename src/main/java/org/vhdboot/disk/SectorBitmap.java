package org.vhdboot.disk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Which sectors of one block a differencing image stores itself. VHD counts bits from the most significant
 * bit of each byte, VHDX from the least significant.
 */
public final class SectorBitmap {
    public enum BitOrder { MSB_FIRST, LSB_FIRST }

    private static final VarHandle LITTLE_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bits;
    private final BitOrder order;

    public SectorBitmap(byte[] bits, BitOrder order) {
        this.bits = bits;
        this.order = order;
    }

    public static SectorBitmap empty(int bytes, BitOrder order) {
        return new SectorBitmap(new byte[bytes], order);
    }

    public static SectorBitmap full(int bytes, BitOrder order) {
        byte[] bits = new byte[bytes];
        Arrays.fill(bits, (byte) 0xFF);
        return new SectorBitmap(bits, order);
    }

    private int mask(int sector) {
        return order == BitOrder.MSB_FIRST ? 0x80 >>> (sector & 7) : 1 << (sector & 7);
    }

    public boolean isSet(int sector) {
        return (bits[sector >>> 3] & mask(sector)) != 0;
    }

    public void set(int firstSector, int count) {
        for (int s = firstSector; s < firstSector + count; s++) {
            bits[s >>> 3] |= (byte) mask(s);
        }
    }

    public boolean allSet(int firstSector, int count) {
        for (int s = firstSector; s < firstSector + count; s++) {
            if (!isSet(s)) {
                return false;
            }
        }
        return true;
    }

    /** Sectors from {@code firstSector} that share its state, at most {@code limit}; 64 sectors per step. */
    public int runLength(int firstSector, int limit) {
        long flip = isSet(firstSector) ? -1L : 0L;
        int end = firstSector + limit;
        int s = firstSector + 1;
        while (s < end) {
            int word = s >>> 6;
            long differing = (word(word) ^ flip) >>> (s & 63);
            if (differing != 0) {
                return Math.min(s + Long.numberOfTrailingZeros(differing), end) - firstSector;
            }
            s = (word + 1) << 6;
        }
        return limit;
    }

    /** Sectors {@code 64 * index} to {@code 64 * index + 63} as bits 0 to 63; bits past the bitmap are clear. */
    private long word(int index) {
        int from = index << 3;
        if (from + 8 <= bits.length) {
            // VHDX bits are little-endian already; a VHD byte holds its first sector in the top bit.
            return order == BitOrder.LSB_FIRST ? (long) LITTLE_ENDIAN.get(bits, from)
                    : Long.reverse((long) BIG_ENDIAN.get(bits, from));
        }
        long value = 0;
        for (int i = bits.length - 1; i >= from; i--) {
            int b = bits[i] & 0xFF;
            value = (value << 8) | (order == BitOrder.LSB_FIRST ? b : Integer.reverse(b) >>> 24);
        }
        return value;
    }

    public int countSet(int sectors) {
        int n = 0;
        for (int s = 0; s < sectors; s++) {
            if (isSet(s)) {
                n++;
            }
        }
        return n;
    }

    public byte[] bytes() {
        return bits;
    }
}
