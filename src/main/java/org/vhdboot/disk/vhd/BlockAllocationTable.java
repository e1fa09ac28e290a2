package org.vhdboot.disk.vhd;

import org.vhdboot.disk.FileRegions;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The VHD BAT: per block, the sector number of its bitmap, or {@link #UNUSED}. Big-endian 32-bit entries. */
public final class BlockAllocationTable {
    public static final int UNUSED = 0xFFFF_FFFF;
    /** 64 MiB of table: 32 TiB of 2 MiB blocks, 8 GiB of the smallest 512-byte ones. */
    public static final int MAX_ENTRIES = 1 << 24;
    private static final int READ_PIECE = 1 << 20;
    /** Problems of one kind listed one by one, before the rest are counted. */
    private static final int LISTED = 20;

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

    /**
     * Reads {@code count} entries at {@code offset} in pieces of at most 1 MiB, so a large table is never held twice
     * and a small one (most differencing layers) costs no zeroed megabyte at each open.
     */
    static BlockAllocationTable read(Storage storage, long offset, int count) throws IOException {
        int[] entries = new int[count];
        ByteBuffer piece = ByteBuffer.allocate((int) Math.min(READ_PIECE, 4L * count));
        for (int done = 0; done < count; ) {
            int n = Math.min(READ_PIECE / 4, count - done);
            piece.clear().limit(n * 4);
            storage.read(offset + 4L * done, piece);
            piece.flip().asIntBuffer().get(entries, done, n);
            done += n;
        }
        return new BlockAllocationTable(entries);
    }

    /**
     * Checks that every allocated block, {@code span} bytes of bitmap and data, lies before {@code footerOffset}
     * without touching the footer copy, header, BAT or locators in {@code metadata}.
     */
    void validate(String name, long span, long footerOffset, FileRegions metadata) throws InvalidImageException {
        for (int block = 0; block < entries.length; block++) {
            if (!allocated(block)) {
                continue;
            }
            long start = blockOffset(block);
            if (start > footerOffset - span) {
                throw new InvalidImageException(name + ": BAT entry " + block + " points to offset " + start
                        + ", beyond the end of the file (" + (footerOffset + 512) + " bytes)");
            }
            if (metadata.overlaps(start, span)) {
                throw new InvalidImageException(name + ": BAT entry " + block + " points to offset " + start
                        + ", which overlaps the image's metadata at " + metadata.overlapping(start, span)
                        .orElseThrow().start());
            }
        }
    }

    /**
     * Pairs of allocated blocks of {@code span} bytes that share file space in a {@code fileSize} file. When
     * more blocks are allocated than the file has room for, that alone is the finding: memory stays bounded.
     */
    List<String> overlaps(String name, long span, long fileSize) {
        List<String> problems = new ArrayList<>();
        int count = allocatedCount();
        long room = fileSize / span;
        if (count > room) {
            problems.add(name + ": " + count + " blocks are allocated but the file has room for " + room
                    + ", so blocks share file space");
            return problems;
        }
        // A sector number (32 bits) and a block index (below 2^24) pack into one long that sorts by offset.
        long[] packed = new long[count];
        int n = 0;
        for (int block = 0; block < entries.length; block++) {
            if (allocated(block)) {
                packed[n++] = Integer.toUnsignedLong(entries[block]) << 24 | block;
            }
        }
        Arrays.sort(packed);
        int overlaps = 0;
        long reach = -1;
        int reacher = -1;
        for (long key : packed) {
            int block = (int) (key & (MAX_ENTRIES - 1));
            long start = blockOffset(block);
            if (start < reach && ++overlaps <= LISTED) {
                problems.add(name + ": blocks " + reacher + " and " + block + " share file space at offset " + start);
            }
            if (start + span > reach) {
                reach = start + span;
                reacher = block;
            }
        }
        if (overlaps > LISTED) {
            problems.add(name + ": " + (overlaps - LISTED) + " more pairs of blocks share file space");
        }
        return problems;
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

    /** Virtual-disk bytes in allocated blocks of {@code blockSize}, the last block cut at {@code virtualSize}. */
    long allocatedBytes(long blockSize, long virtualSize) {
        long bytes = 0;
        for (int block = 0; block < entries.length && (long) block * blockSize < virtualSize; block++) {
            if (allocated(block)) {
                bytes += Math.min(blockSize, virtualSize - block * blockSize);
            }
        }
        return bytes;
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
