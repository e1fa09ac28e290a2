package org.vhdboot.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Reads sector-aligned ranges through a chain one region at a time, building that region's layer map on the
 * fly: for each sector, the topmost layer that answers for it. A layer that is uniform over the region (not
 * present, fully stored, or zero) costs one {@link Layer#map} call; the walk stops at the first layer that
 * answers for every sector still open, so a region stored by the top layer never touches the parents.
 * Partial regions resolve per sector with bit masks, each layer visited once. Memory is one region's map,
 * whatever the disk size.
 *
 * <p>Runs that continue in the same layer and file are read with one call, across regions too.
 */
final class RegionReader {
    /** Regions are this big at most; a power of two, so they never straddle a block of any layer. */
    static final int MAX_REGION = 2 << 20;
    private static final short ZERO = -1;
    private static final long NO_BASE = Long.MIN_VALUE;
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final List<Layer> layers;
    private final long diskSize;
    private final int sectorSize;
    private final int regionSize;
    /** Per sector of the current region: the level that answers, or {@link #ZERO}. */
    private final short[] owner;
    /** Sectors of the current region that no layer above the one being visited answers. */
    private final long[] open;
    /** Per level: the file offset of the current region's first byte, valid when the level owns a sector. */
    private final long[] base;

    private int pendingLevel = -1;
    private long pendingFileOffset;
    private int pendingDstPosition;
    private int pendingLength;

    RegionReader(List<Layer> layers, long diskSize, int sectorSize, int regionSize) {
        this.layers = layers;
        this.diskSize = diskSize;
        this.sectorSize = sectorSize;
        this.regionSize = regionSize;
        int sectors = regionSize / sectorSize;
        this.owner = new short[sectors];
        this.open = new long[(sectors + 63) / 64];
        this.base = new long[layers.size()];
    }

    /**
     * The region size for a chain: the largest power of two up to {@link #MAX_REGION} that divides every
     * layer's block size, so each region lies inside one block of each layer.
     */
    static int regionSizeFor(List<Layer> layers, int sectorSize) {
        long region = MAX_REGION;
        for (Layer layer : layers) {
            long block = layer.blockSize();
            if (block > 0) {
                region = Math.min(region, Long.lowestOneBit(block));
            }
        }
        return (int) Math.max(region, sectorSize);
    }

    /** Fills {@code dst} from {@code offset}; both the offset and the length are whole sectors. */
    void read(long offset, ByteBuffer dst, Fallback fallback) throws IOException {
        long at = offset;
        int position = dst.position();
        int end = dst.limit();
        try {
            while (position < end) {
                long regionEnd = Math.min(diskSize, (at / regionSize + 1) * regionSize);
                int n = (int) Math.min(end - position, regionEnd - at);
                int sectors = n / sectorSize;
                if (resolve(at, n, sectors)) {
                    emit(dst, position, sectors);
                } else {
                    flushPending(dst);
                    fallback.read(at, dst.slice(position, n));
                }
                position += n;
                at += n;
            }
            flushPending(dst);
        } finally {
            pendingLevel = -1;
        }
        dst.position(end);
    }

    /** The exact per-extent reader, for regions whose layers do not map linearly. */
    @FunctionalInterface
    interface Fallback {
        void read(long offset, ByteBuffer dst) throws IOException;
    }

    /** Fills {@link #owner} for the region's first {@code sectors} sectors; false when this reader cannot. */
    private boolean resolve(long at, int n, int sectors) throws IOException {
        Arrays.fill(open, 0);
        setBits(open, 0, sectors);
        int stillOpen = sectors;
        for (int level = 0; level < layers.size() && stillOpen > 0; level++) {
            Layer layer = layers.get(level);
            Extent first = layer.map(at, n);
            if (first.length() >= n) {
                switch (first.kind()) {
                    case PARENT:
                        continue;
                    case STORED:
                        base[level] = first.fileOffset();
                        claim(0, sectors, (short) level);
                        return true;
                    default:
                        claim(0, sectors, ZERO);
                        return true;
                }
            }
            base[level] = NO_BASE;
            long pos = at;
            Extent extent = first;
            while (true) {
                long into = pos - at;
                if (into % sectorSize != 0 || (extent.length() % sectorSize != 0 && pos + extent.length() < at + n)) {
                    return false;
                }
                int from = (int) (into / sectorSize);
                int count = (int) ((Math.min(extent.length(), n - into) + sectorSize - 1) / sectorSize);
                if (extent.kind() == Extent.Kind.STORED) {
                    long implied = extent.fileOffset() - into;
                    if (base[level] == NO_BASE) {
                        base[level] = implied;
                    } else if (base[level] != implied) {
                        return false;
                    }
                    stillOpen -= claim(from, count, (short) level);
                } else if (extent.kind() == Extent.Kind.ZERO) {
                    stillOpen -= claim(from, count, ZERO);
                }
                pos += extent.length();
                if (pos >= at + n) {
                    break;
                }
                extent = layer.map(pos, at + n - pos);
            }
        }
        if (stillOpen > 0) {
            // Below the base layer everything reads as zeros.
            claim(0, sectors, ZERO);
        }
        return true;
    }

    /** Gives the open sectors among {@code count} from {@code from} to {@code who}; returns how many. */
    private int claim(int from, int count, short who) {
        int claimed = 0;
        int end = from + count;
        for (int word = from >>> 6; word <= (end - 1) >>> 6; word++) {
            long mask = rangeMask(word, from, end);
            long taken = open[word] & mask;
            open[word] &= ~mask;
            claimed += Long.bitCount(taken);
            while (taken != 0) {
                owner[(word << 6) + Long.numberOfTrailingZeros(taken)] = who;
                taken &= taken - 1;
            }
        }
        return claimed;
    }

    private static long rangeMask(int word, int from, int end) {
        int lo = Math.max(from - (word << 6), 0);
        int hi = Math.min(end - (word << 6), 64);
        long upTo = hi == 64 ? -1L : (1L << hi) - 1;
        return upTo & (-1L << lo);
    }

    private static void setBits(long[] words, int from, int count) {
        int end = from + count;
        for (int word = from >>> 6; word <= (end - 1) >>> 6; word++) {
            words[word] |= rangeMask(word, from, end);
        }
    }

    /** Reads or zero-fills each run of sectors with one owner. */
    private void emit(ByteBuffer dst, int position, int sectors) throws IOException {
        int s = 0;
        while (s < sectors) {
            short who = owner[s];
            int runEnd = s + 1;
            while (runEnd < sectors && owner[runEnd] == who) {
                runEnd++;
            }
            int dstAt = position + s * sectorSize;
            int length = (runEnd - s) * sectorSize;
            if (who == ZERO) {
                fillZeros(dst, dstAt, length);
            } else {
                queueRead(dst, who, base[who] + (long) s * sectorSize, dstAt, length);
            }
            s = runEnd;
        }
    }

    private void queueRead(ByteBuffer dst, int level, long fileOffset, int dstAt, int length) throws IOException {
        if (level == pendingLevel && fileOffset == pendingFileOffset + pendingLength
                && dstAt == pendingDstPosition + pendingLength) {
            pendingLength += length;
            return;
        }
        flushPending(dst);
        pendingLevel = level;
        pendingFileOffset = fileOffset;
        pendingDstPosition = dstAt;
        pendingLength = length;
    }

    private void flushPending(ByteBuffer dst) throws IOException {
        if (pendingLevel >= 0) {
            layers.get(pendingLevel).readStored(pendingFileOffset, dst.slice(pendingDstPosition, pendingLength));
            pendingLevel = -1;
        }
    }

    private static void fillZeros(ByteBuffer dst, int at, int length) {
        for (int done = 0; done < length; done += ZEROS.length) {
            dst.put(at + done, ZEROS, 0, Math.min(ZEROS.length, length - done));
        }
    }

    /**
     * How many bytes from {@code offset} (at most {@code maxLength}) no layer stores, so that they read as zeros
     * without touching data. Extents are followed down the chain as far as they reach, so an empty disk of
     * terabytes is a few calls, not one per region.
     */
    long unstoredLength(long offset, long maxLength) throws IOException {
        return unstored(0, offset, offset + maxLength);
    }

    private long unstored(int level, long from, long end) throws IOException {
        Layer layer = layers.get(level);
        long at = from;
        while (at < end) {
            Extent extent = layer.map(at, end - at);
            long length = Math.min(extent.length(), end - at);
            if (extent.kind() == Extent.Kind.STORED) {
                break;
            }
            if (extent.kind() == Extent.Kind.PARENT && level + 1 < layers.size()) {
                long below = unstored(level + 1, at, at + length);
                if (below < length) {
                    return at + below - from;
                }
            }
            at += length;
        }
        return Math.min(at, end) - from;
    }
}
