package org.vhdboot.disk;

import java.util.Arrays;

/**
 * Which sectors of one block a differencing image stores itself. VHD counts bits from the most significant
 * bit of each byte, VHDX from the least significant.
 */
public final class SectorBitmap {
    public enum BitOrder { MSB_FIRST, LSB_FIRST }

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

    /** Sectors from {@code firstSector} that share its state, at most {@code limit}. */
    public int runLength(int firstSector, int limit) {
        boolean state = isSet(firstSector);
        byte uniform = state ? (byte) 0xFF : 0;
        int n = 1;
        while (n < limit) {
            int s = firstSector + n;
            // Whole bytes in one state are skipped at once: long runs are the common case.
            if ((s & 7) == 0 && n + 8 <= limit && bits[s >>> 3] == uniform) {
                n += 8;
                continue;
            }
            if (isSet(s) != state) {
                break;
            }
            n++;
        }
        return n;
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
