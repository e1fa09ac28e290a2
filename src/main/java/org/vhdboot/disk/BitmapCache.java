package org.vhdboot.disk;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Recently used sector bitmaps by block number, bounded so memory does not grow with the disk. */
public final class BitmapCache {
    /** Reads one block's bitmap from the image. */
    @FunctionalInterface
    public interface Loader {
        SectorBitmap load(int block) throws IOException;
    }

    private final Map<Integer, SectorBitmap> bitmaps;

    public BitmapCache(int capacity) {
        this.bitmaps = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, SectorBitmap> eldest) {
                return size() > capacity;
            }
        };
    }

    public SectorBitmap get(int block, Loader loader) throws IOException {
        SectorBitmap bitmap = bitmaps.get(block);
        if (bitmap == null) {
            bitmap = loader.load(block);
            bitmaps.put(block, bitmap);
        }
        return bitmap;
    }

    public void put(int block, SectorBitmap bitmap) {
        bitmaps.put(block, bitmap);
    }
}
