package org.vhdboot.disk;

import java.io.IOException;
import java.util.Arrays;

/**
 * One region's answer per sector, built layer by layer: which layer answers for each sector and how, and per
 * layer where the region's first byte would lie in its file, as a layer's storage is linear inside a region.
 * Sectors still open (no layer visited so far answers for them) are tracked with bit masks, so a layer claims a
 * run of them without visiting the ones already taken. Holds at most one region, whatever the disk size.
 */
final class RegionMap {
    private static final Answer.Kind[] KINDS = Answer.Kind.values();
    private static final long NO_BASE = Long.MIN_VALUE;

    /** Receives the region's runs in order. */
    @FunctionalInterface
    interface RunSink {
        void add(long offset, long length, int level, Answer.Kind kind, long fileOffset) throws IOException;
    }

    private final int sectorSize;
    /** Per sector: {@code level * KINDS.length + kind}. */
    private final short[] owner;
    /** Sectors no layer visited so far answers for. */
    private final long[] open;
    /** Per level: the file offset of the region's first byte, implied by the level's stored sectors. */
    private final long[] base;
    private int sectors;
    private int stillOpen;

    RegionMap(int maxSectors, int sectorSize, int levels) {
        this.sectorSize = sectorSize;
        this.owner = new short[maxSectors];
        this.open = new long[(maxSectors + 63) / 64];
        this.base = new long[levels];
    }

    /** Starts a region of {@code count} sectors, all open. */
    void reset(int count) {
        sectors = count;
        stillOpen = count;
        int words = (count + 63) / 64;
        Arrays.fill(open, 0, words, -1L);
        if (count % 64 != 0) {
            open[words - 1] = (1L << (count % 64)) - 1;
        }
        Arrays.fill(base, NO_BASE);
    }

    /** Sectors in the region; fewer than it started with when a layer's storage was not linear in it. */
    int sectors() {
        return sectors;
    }

    int stillOpen() {
        return stillOpen;
    }

    /**
     * Gives the open sectors among {@code count} from {@code from} to {@code level}; stored sectors lie in its file
     * from {@code firstFileOffset} on. Where that does not continue the level's earlier stored sectors of this
     * region in its file, the region ends before {@code from}, for the next one to start there.
     */
    void claim(int from, int count, int level, Answer.Kind kind, long firstFileOffset) {
        if (kind == Answer.Kind.STORED) {
            long implied = firstFileOffset - (long) from * sectorSize;
            if (base[level] == NO_BASE) {
                base[level] = implied;
            } else if (base[level] != implied) {
                cut(from);
                return;
            }
        }
        short code = (short) (level * KINDS.length + kind.ordinal());
        int end = Math.min(from + count, sectors);
        for (int word = from >>> 6; word <= (end - 1) >>> 6 && from < end; word++) {
            long taken = open[word] & rangeMask(word, from, end);
            open[word] &= ~taken;
            stillOpen -= Long.bitCount(taken);
            while (taken != 0) {
                owner[(word << 6) + Long.numberOfTrailingZeros(taken)] = code;
                taken &= taken - 1;
            }
        }
    }

    /** Ends the region before sector {@code end}. */
    private void cut(int end) {
        for (int sector = end; sector < sectors; sector++) {
            if ((open[sector >>> 6] & (1L << sector)) != 0) {
                open[sector >>> 6] &= ~(1L << sector);
                stillOpen--;
            }
        }
        sectors = end;
    }

    private static long rangeMask(int word, int from, int end) {
        int lo = Math.max(from - (word << 6), 0);
        int hi = Math.min(end - (word << 6), 64);
        long upTo = hi == 64 ? -1L : (1L << hi) - 1;
        return upTo & (-1L << lo);
    }

    /**
     * Hands out the region, which starts at {@code start} and is at most {@code length} bytes long, as runs of
     * sectors with one owner.
     */
    void emit(long start, long length, RunSink sink) throws IOException {
        int s = 0;
        while (s < sectors) {
            short code = owner[s];
            int end = s + 1;
            while (end < sectors && owner[end] == code) {
                end++;
            }
            int level = code / KINDS.length;
            Answer.Kind kind = KINDS[code % KINDS.length];
            long from = (long) s * sectorSize;
            long bytes = Math.min((long) (end - s) * sectorSize, length - from);
            sink.add(start + from, bytes, level, kind, kind == Answer.Kind.STORED ? base[level] + from : -1);
            s = end;
        }
    }
}
