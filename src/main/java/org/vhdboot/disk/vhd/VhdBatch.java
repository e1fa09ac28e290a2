package org.vhdboot.disk.vhd;

import org.vhdboot.disk.SectorBitmap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link org.vhdboot.disk.Durability#BATCHED} session has written but not yet published: the BAT entries
 * of blocks it allocated, and the sector bitmaps it changed in blocks the BAT on disk already references. Both
 * wait until the data they make visible is durable ({@link VhdContent#flush}). A new block's own bitmap is written
 * with its data: no entry on disk points at it yet.
 */
final class VhdBatch {
    /** Block number to its bitmap's file offset. */
    private final Map<Integer, Long> entries = new LinkedHashMap<>();
    private final Map<Integer, SectorBitmap> bitmaps = new LinkedHashMap<>();

    void allocated(int block, long fileOffset) {
        entries.put(block, fileOffset);
    }

    void bitmapChanged(int block, SectorBitmap bitmap) {
        bitmaps.put(block, bitmap);
    }

    /** The held-back bitmap of {@code block}, newer than the file's, or null. */
    SectorBitmap heldBitmap(int block) {
        return bitmaps.get(block);
    }

    boolean isEmpty() {
        return entries.isEmpty() && bitmaps.isEmpty();
    }

    Map<Integer, Long> entries() {
        return entries;
    }

    Map<Integer, SectorBitmap> bitmaps() {
        return bitmaps;
    }

    void clear() {
        entries.clear();
        bitmaps.clear();
    }
}
