package org.vhdboot.disk;

import java.io.IOException;

/**
 * Recently used sector bitmaps by block number, bounded so memory does not grow with the disk. Direct-mapped:
 * block {@code b} lives in slot {@code b % capacity}, so a lookup is an array access with no boxing, and a
 * sequential pass keeps a whole window of consecutive blocks.
 */
public final class BitmapCache {
    /** Reads one block's bitmap from the image. */
    @FunctionalInterface
    public interface Loader {
        SectorBitmap load(int block) throws IOException;
    }

    private final int[] blocks;
    private final SectorBitmap[] bitmaps;

    public BitmapCache(int capacity) {
        this.blocks = new int[capacity];
        this.bitmaps = new SectorBitmap[capacity];
    }

    public SectorBitmap get(int block, Loader loader) throws IOException {
        int slot = slot(block);
        SectorBitmap bitmap = bitmaps[slot];
        if (bitmap == null || blocks[slot] != block) {
            bitmap = loader.load(block);
            put(block, bitmap);
        }
        return bitmap;
    }

    public void put(int block, SectorBitmap bitmap) {
        int slot = slot(block);
        blocks[slot] = block;
        bitmaps[slot] = bitmap;
    }

    private int slot(int block) {
        return Integer.remainderUnsigned(block, blocks.length);
    }
}
