package org.vhdboot.disk;

import java.io.IOException;

/**
 * What one image file holds of its virtual disk, found from its allocation table and sector bitmaps; no data is
 * read.
 *
 * @param storedBytes bytes whose data the file stores
 * @param ownBytes bytes the file answers for itself: stored, or defined as zeros (not left to its parent)
 * @param blockBytes the blocks holding any of {@code ownBytes}, in bytes: what copying them into an image with
 *                   the same block size may allocate there
 */
public record LayerUsage(long storedBytes, long ownBytes, long blockBytes) {

    public static LayerUsage of(Layer layer) throws IOException {
        long size = layer.virtualSize();
        long block = layer.blockSize() > 0 ? layer.blockSize() : size;
        long stored = 0;
        long own = 0;
        long blocks = 0;
        for (long start = 0; start < size; start += block) {
            long end = Math.min(size, start + block);
            long ownHere = 0;
            for (long at = start; at < end; ) {
                Extent extent = layer.map(at, end - at);
                if (extent.kind() == Extent.Kind.STORED) {
                    stored += extent.length();
                }
                if (extent.kind() != Extent.Kind.PARENT) {
                    ownHere += extent.length();
                }
                at += extent.length();
            }
            own += ownHere;
            blocks += ownHere > 0 ? end - start : 0;
        }
        return new LayerUsage(stored, own, blocks);
    }
}
