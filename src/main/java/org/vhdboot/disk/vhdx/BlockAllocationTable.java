package org.vhdboot.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * The VHDX BAT: 64-bit entries (state in bits 0-2, file offset in MiB in bits 20-63). Payload entries are
 * interleaved with one sector-bitmap entry after every chunk-ratio payload entries.
 */
public final class BlockAllocationTable {
    public static final int SB_NOT_PRESENT = 0;
    public static final int SB_PRESENT = 6;
    private static final long RESERVED_MASK = 0xFFFF8L;

    private final long[] entries;
    private final long chunkRatio;

    private BlockAllocationTable(long[] entries, long chunkRatio) {
        this.entries = entries;
        this.chunkRatio = chunkRatio;
    }

    public static long chunkRatio(long blockSize, int logicalSectorSize) {
        return (1L << 23) * logicalSectorSize / blockSize;
    }

    public static long totalEntries(long payloadBlocks, long chunkRatio, boolean differencing) {
        if (differencing) {
            long bitmapBlocks = (payloadBlocks + chunkRatio - 1) / chunkRatio;
            return bitmapBlocks * (chunkRatio + 1);
        }
        return payloadBlocks + (payloadBlocks - 1) / chunkRatio;
    }

    public static BlockAllocationTable empty(int count, long chunkRatio) {
        return new BlockAllocationTable(new long[count], chunkRatio);
    }

    public static BlockAllocationTable parse(byte[] bytes, int count, long chunkRatio) {
        long[] entries = new long[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(entries);
        return new BlockAllocationTable(entries, chunkRatio);
    }

    public byte[] toBytes() {
        return toBytes(entries.length);
    }

    /** The first {@code count} entries as written to disk. */
    public byte[] toBytes(int count) {
        ByteBuffer b = ByteBuffer.allocate(count * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(entries, 0, count);
        return b.array();
    }

    /** Index of the last entry that is not all zero bits, or -1 when the table is empty. */
    int lastNonZeroEntry() {
        for (int i = entries.length - 1; i >= 0; i--) {
            if (entries[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    public static long entry(int state, long fileOffset) {
        return ((fileOffset / MIB) << 20) | state;
    }

    static byte[] entryBytes(long entry) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(entry).array();
    }

    public int size() {
        return entries.length;
    }

    public long chunkRatio() {
        return chunkRatio;
    }

    public int payloadIndex(long block) {
        return (int) (block + block / chunkRatio);
    }

    public int bitmapIndex(long chunk) {
        return (int) (chunk * (chunkRatio + 1) + chunkRatio);
    }

    public boolean isBitmapIndex(int index) {
        return (index + 1) % (chunkRatio + 1) == 0;
    }

    public int state(int index) {
        return (int) (entries[index] & 7);
    }

    public long fileOffset(int index) {
        return (entries[index] >>> 20) * MIB;
    }

    public boolean reservedBitsSet(int index) {
        return (entries[index] & RESERVED_MASK) != 0;
    }

    public long raw(int index) {
        return entries[index];
    }

    void set(int index, long entry) {
        entries[index] = entry;
    }

    /** File offset of entry {@code index} in the BAT region. */
    static long entryPosition(long batOffset, int index) {
        return batOffset + 8L * index;
    }
}
