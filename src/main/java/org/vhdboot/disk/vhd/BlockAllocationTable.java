package org.vhdboot.disk.vhd;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The VHD BAT: per block, the sector number of its bitmap, or {@link #UNUSED}. Big-endian 32-bit entries. */
public final class BlockAllocationTable {
    public static final int UNUSED = 0xFFFF_FFFF;

    private final int[] entries;

    private BlockAllocationTable(int[] entries) {
        this.entries = entries;
    }

    public static BlockAllocationTable empty(int count) {
        int[] entries = new int[count];
        Arrays.fill(entries, UNUSED);
        return new BlockAllocationTable(entries);
    }

    public static BlockAllocationTable parse(byte[] bytes, int count) {
        int[] entries = new int[count];
        ByteBuffer.wrap(bytes).asIntBuffer().get(entries);
        return new BlockAllocationTable(entries);
    }

    /** The table padded with unused entries to a whole number of sectors, as written to disk. */
    public byte[] toBytes() {
        int padded = (entries.length * 4 + 511) / 512 * 512;
        byte[] bytes = new byte[padded];
        ByteBuffer.wrap(bytes).asIntBuffer().put(entries);
        Arrays.fill(bytes, entries.length * 4, padded, (byte) 0xFF);
        return bytes;
    }

    public int size() {
        return entries.length;
    }

    public boolean allocated(int block) {
        return entries[block] != UNUSED;
    }

    /** File offset of the block's bitmap. */
    public long blockOffset(int block) {
        return Integer.toUnsignedLong(entries[block]) * 512;
    }

    void set(int block, long fileOffset) {
        entries[block] = (int) (fileOffset / 512);
    }

    public int allocatedCount() {
        int n = 0;
        for (int entry : entries) {
            if (entry != UNUSED) {
                n++;
            }
        }
        return n;
    }

    /** The four on-disk bytes of one entry. */
    static byte[] entryBytes(long fileOffset) {
        return ByteBuffer.allocate(4).putInt((int) (fileOffset / 512)).array();
    }
}
