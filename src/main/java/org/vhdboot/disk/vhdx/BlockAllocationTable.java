package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.FileRegions;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * The VHDX BAT: 64-bit entries (state in bits 0-2, file offset in MiB in bits 20-63). Payload entries are
 * interleaved with one sector-bitmap entry after every chunk-ratio payload entries.
 */
public final class BlockAllocationTable {
    public static final int SB_NOT_PRESENT = 0;
    public static final int SB_PRESENT = 6;
    /** Entries beyond this would need more memory for the BAT than an image is worth. */
    static final long MAX_ENTRIES = 1L << 25;
    private static final long RESERVED_MASK = 0xFFFF8L;
    private static final int READ_PIECE = 1 << 20;
    /** Problems of one kind listed one by one, before the rest are counted. */
    private static final int LISTED = 20;

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

    /**
     * Reads {@code count} entries at {@code offset} in pieces of at most 1 MiB, so a large table is never held twice
     * and a small one (most differencing layers) costs no zeroed megabyte at each open.
     */
    static BlockAllocationTable read(Storage storage, long offset, int count, long chunkRatio) throws IOException {
        long[] entries = new long[count];
        ByteBuffer piece = ByteBuffer.allocate((int) Math.min(READ_PIECE, 8L * count)).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < count; ) {
            int n = Math.min(READ_PIECE / 8, count - done);
            piece.clear().limit(n * 8);
            storage.read(offset + 8L * done, piece);
            piece.flip().asLongBuffer().get(entries, done, n);
            done += n;
        }
        return new BlockAllocationTable(entries, chunkRatio);
    }

    /** What the entries must fit: the file, the structures they must not touch, the disk's shape. */
    record Bounds(String name, long blockSize, long virtualSize, boolean differencing, long fileSize,
                  FileRegions structures) {
    }

    /** A BAT as read and validated, and the 1 MiB aligned end of the file space in use, where new blocks go. */
    record Loaded(BlockAllocationTable bat, long nextFree) {
    }

    /**
     * Reads the BAT that a VHDX's {@code region} and {@code metadata} describe from {@code view}, after checking
     * that its size is bounded and fits the region, and validates every entry against the file and its
     * {@code structures}.
     */
    static Loaded load(Storage view, RegionTable.Entry region, VhdxMetadata metadata, FileRegions structures,
                       String name) throws IOException {
        long blockSize = metadata.parameters().blockSize();
        long chunkRatio = chunkRatio(blockSize, metadata.logicalSectorSize());
        long payloadBlocks = (metadata.virtualSize() + blockSize - 1) / blockSize;
        boolean differencing = metadata.parameters().hasParent();
        long entries = totalEntries(payloadBlocks, chunkRatio, differencing);
        if (entries > MAX_ENTRIES) {
            throw new InvalidImageException(name + ": " + entries + " BAT entries are more than vhdboot supports;"
                    + " use a larger block size");
        }
        if (region.length() < entries * 8) {
            throw new InvalidImageException(name + ": the BAT region holds " + region.length() / 8
                    + " entries but the disk needs " + entries);
        }
        BlockAllocationTable bat = read(view, region.fileOffset(), (int) entries, chunkRatio);
        long fileSize = view.size();
        long end = Math.max((fileSize + MIB - 1) / MIB * MIB, structures.end());
        end = Math.max(end, bat.validate(new Bounds(name, blockSize, metadata.virtualSize(), differencing, fileSize,
                structures)));
        return new Loaded(bat, (end + MIB - 1) / MIB * MIB);
    }

    /**
     * Checks every entry: a state valid for its kind, and for present blocks an offset whose whole block lies
     * inside the file without touching the headers, log, BAT or metadata. Returns the 1 MiB aligned end of the
     * space the entries use, where new blocks go.
     */
    long validate(Bounds bounds) throws InvalidImageException {
        long end = 0;
        for (int index = 0; index < entries.length; index++) {
            int state = state(index);
            if (state == 0) {
                // NOT_PRESENT, for payload and bitmap entries alike: nothing to check, the common case.
                continue;
            }
            long extent = extent(index, state, bounds);
            if (extent == 0) {
                continue;
            }
            long mib = entries[index] >>> 20;
            if (mib > (bounds.fileSize() - extent) / MIB) {
                throw new InvalidImageException(bounds.name() + ": " + describe(index) + " points to offset "
                        + Long.toUnsignedString(mib << 20) + (mib >= 1L << 43 ? "" : " (" + mib + " MiB)")
                        + ", beyond the end of the file (" + bounds.fileSize() + " bytes)");
            }
            long offset = mib * MIB;
            if (bounds.structures().overlaps(offset, extent)) {
                throw new InvalidImageException(bounds.name() + ": " + describe(index) + " points to offset "
                        + offset + ", which overlaps the headers, log, BAT or metadata");
            }
            end = Math.max(end, offset + (isBitmapIndex(index) ? MIB : bounds.blockSize()));
        }
        return end;
    }

    /** Bytes the entry's block uses in the file, 0 when it uses none; throws for a state its kind cannot have. */
    private long extent(int index, int state, Bounds bounds) throws InvalidImageException {
        boolean differencing = bounds.differencing();
        String invalid = describe(index) + " has state " + state + ", invalid for a "
                + (differencing ? "differencing" : "non-differencing") + " VHDX";
        if (isBitmapIndex(index)) {
            if (state != SB_PRESENT || !differencing) {
                throw new InvalidImageException(bounds.name() + ": " + invalid);
            }
            return MIB;
        }
        long block = index - index / (chunkRatio + 1);
        PayloadState payload = PayloadState.of(state);
        if (payload == null || (payload == PayloadState.PARTIALLY_PRESENT && !differencing)) {
            throw new InvalidImageException(bounds.name() + ": " + invalid);
        }
        if (payload != PayloadState.FULLY_PRESENT && payload != PayloadState.PARTIALLY_PRESENT) {
            return 0;
        }
        if (payload == PayloadState.PARTIALLY_PRESENT && state(bitmapIndex(block / chunkRatio)) != SB_PRESENT) {
            throw new InvalidImageException(bounds.name() + ": " + describe(index)
                    + " is partially present but its chunk has no sector bitmap block");
        }
        return Math.min(bounds.blockSize(), bounds.virtualSize() - block * bounds.blockSize());
    }

    /** Names an entry in messages; built only when one is needed, as a BAT has millions of entries. */
    String describe(int index) {
        if (isBitmapIndex(index)) {
            return "sector bitmap entry " + index + " (chunk " + index / (chunkRatio + 1) + ")";
        }
        return "BAT entry " + index + " (payload block " + (index - index / (chunkRatio + 1)) + ")";
    }

    /** Whether the entry's block is stored in the file: a present payload block or sector bitmap block. */
    boolean present(int index) {
        int state = state(index);
        return isBitmapIndex(index) ? state == SB_PRESENT
                : state == PayloadState.FULLY_PRESENT.code() || state == PayloadState.PARTIALLY_PRESENT.code();
    }

    /**
     * Pairs of present blocks that share file space, in a {@code fileSize} file. When there are more present
     * blocks than the file has room for, that alone is the finding: memory stays bounded by the file size.
     */
    List<String> overlaps(String name, long blockSize, long fileSize) {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (int index = 0; index < entries.length; index++) {
            if (present(index)) {
                count++;
            }
        }
        long room = fileSize / MIB;
        if (count > room) {
            problems.add(name + ": " + count + " blocks are present but the file has room for " + room
                    + ", so blocks share file space");
            return problems;
        }
        // Offsets are below 2^50 (validated), so an offset in MiB and an index below 2^25 pack into one long.
        long[] packed = new long[count];
        int n = 0;
        for (int index = 0; index < entries.length; index++) {
            if (present(index)) {
                packed[n++] = (entries[index] >>> 20) << 25 | index;
            }
        }
        Arrays.sort(packed);
        int overlaps = 0;
        long reach = -1;
        int reacher = -1;
        for (long key : packed) {
            int index = (int) (key & ((1 << 25) - 1));
            long start = fileOffset(index);
            if (start < reach && ++overlaps <= LISTED) {
                problems.add(name + ": BAT entries " + reacher + " and " + index + " share file space at offset "
                        + start);
            }
            long end = start + (isBitmapIndex(index) ? MIB : blockSize);
            if (end > reach) {
                reach = end;
                reacher = index;
            }
        }
        if (overlaps > LISTED) {
            problems.add(name + ": " + (overlaps - LISTED) + " more pairs of BAT entries share file space");
        }
        return problems;
    }

    /** Virtual-disk bytes in present payload blocks, the last block cut at the disk's end. */
    long presentBytes(long blockSize, long virtualSize) {
        long bytes = 0;
        long blocks = (virtualSize + blockSize - 1) / blockSize;
        for (long block = 0; block < blocks; block++) {
            int state = state(payloadIndex(block));
            if (state == PayloadState.FULLY_PRESENT.code() || state == PayloadState.PARTIALLY_PRESENT.code()) {
                bytes += Math.min(blockSize, virtualSize - block * blockSize);
            }
        }
        return bytes;
    }

    /** How many payload entries have each state, by lowercase state name, in order of appearance. */
    Map<String, Long> payloadStates() {
        // Counted by code, named once: a BAT has millions of entries, and a map update each cost most of `vhd info`.
        long[] counts = new long[8];
        int[] inOrderSeen = new int[8];
        int seen = 0;
        for (int index = 0; index < entries.length; index++) {
            if (!isBitmapIndex(index)) {
                int state = state(index);
                if (counts[state]++ == 0) {
                    inOrderSeen[seen++] = state;
                }
            }
        }
        Map<String, Long> states = new LinkedHashMap<>();
        for (int i = 0; i < seen; i++) {
            states.put(PayloadState.of(inOrderSeen[i]).name().toLowerCase(Locale.ROOT), counts[inOrderSeen[i]]);
        }
        return states;
    }

    /** Sector bitmap blocks present in the file. */
    long presentBitmapBlocks() {
        long count = 0;
        for (int index = 0; index < entries.length; index++) {
            if (isBitmapIndex(index) && state(index) == SB_PRESENT) {
                count++;
            }
        }
        return count;
    }

    /** Entries with reserved bits set: the first few by index, then how many more. */
    List<String> reservedBitProblems(String name) {
        List<String> problems = new ArrayList<>();
        int found = 0;
        for (int index = 0; index < entries.length; index++) {
            if (reservedBitsSet(index) && ++found <= LISTED) {
                problems.add(name + ": BAT entry " + index + " has reserved bits set");
            }
        }
        if (found > LISTED) {
            problems.add(name + ": " + (found - LISTED) + " more BAT entries have reserved bits set");
        }
        return problems;
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
