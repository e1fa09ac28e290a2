package org.vhdboot.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Merges a differencing child into its parent, like diskpart's {@code merge vdisk depth=1}: every sector the
 * child holds (stored data, or zeros it defines) is written into the parent, which afterwards reads as the
 * child did. The parent changes, so every other child of it becomes invalid; the merged child is left as it
 * was. Rerunning an interrupted merge writes the same data again, so it completes.
 */
public final class ImageMerger {
    private static final int CHUNK = 4 << 20;

    private final DiskImages images;

    public ImageMerger(DiskImages images) {
        this.images = images;
    }

    public void mergeIntoParent(Path child) throws IOException {
        // The child is read through its own chain, so its parent link is checked before anything is written.
        try (Chain source = images.open(child, false)) {
            if (source.depth() == 0) {
                throw new NoParentException(child.getFileName() + " has no parent to merge into");
            }
            Path parentPath = source.layers().get(1).path();
            try (Chain target = images.allowingParentWrites().open(parentPath, true)) {
                copyDefinedSectors(source.top(), target);
                target.flush();
            }
        }
    }

    /** Writes every sector {@code top} defines (stored data, or zeros) into {@code target}. */
    private static void copyDefinedSectors(Layer top, Chain target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long size = top.virtualSize();
        for (long at = 0; at < size; ) {
            Extent extent = top.map(at, Math.min(CHUNK, size - at));
            int n = (int) extent.length();
            if (extent.kind() != Extent.Kind.PARENT) {
                buffer.clear().limit(n);
                if (extent.kind() == Extent.Kind.STORED) {
                    top.readStored(extent.fileOffset(), buffer);
                } else {
                    Arrays.fill(buffer.array(), 0, n, (byte) 0);
                    buffer.position(n);
                }
                buffer.flip();
                target.write(at, buffer);
            }
            at += n;
        }
    }
}
