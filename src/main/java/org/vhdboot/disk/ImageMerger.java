package org.vhdboot.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Merges sectors between a differencing child and its parent, in two directions.
 *
 * <p>{@link #mergeIntoParent} is diskpart's {@code merge vdisk depth=1}: every sector the child holds (stored data,
 * or zeros it defines) is written into the parent, which afterwards reads as the child did. The parent changes, so
 * every other child of it becomes invalid; the merged child is left as it was.
 *
 * <p>{@link #mergeDown} goes the other way: the child takes its parent's sectors wherever it defines none itself,
 * so it no longer needs that parent and can be relinked to the grandparent ({@link ParentRelink}). What the child
 * reads does not change, so its identity stays (its link id, and a VHD's modification time, which VHD children
 * check) and its own children stay valid; a half-done merge is just as consistent, and a rerun continues it.
 *
 * <p>Rerunning an interrupted merge of either kind writes the same data again, so it completes.
 */
public final class ImageMerger {
    private static final int CHUNK = 4 << 20;
    private static final long BATCH = 256L << 20;
    private static final byte[] ZEROS = new byte[64 << 10];

    private final DiskImages images;

    public ImageMerger(DiskImages images) {
        this.images = images;
    }

    public void mergeIntoParent(Path child) throws IOException {
        // The child is read through its own chain, so its parent link is checked before anything is written.
        try (Chain source = images.open(child, false)) {
            if (source.depth() == 0) {
                throw new UnsupportedFormatException(child.getFileName() + " has no parent to merge into");
            }
            Path parentPath = source.layers().get(1).path();
            try (Chain target = images.allowingParentWrites().open(parentPath, true)) {
                copyDefinedSectors(source.top(), target);
                target.flush();
            }
        }
    }

    /**
     * Writes into {@code child} every sector its parent {@code expectedParent} defines where the child defines
     * none, keeping the child's link id and modification time.
     *
     * @return the bytes written into the child
     * @throws ParentLinkException when the child's parent is not {@code expectedParent}: merging another parent's
     *                             sectors would be harmless but could copy a whole golden image
     */
    public long mergeDown(Path child, Path expectedParent) throws IOException {
        FileTime modified = Files.getLastModifiedTime(child);
        long merged;
        // The chain is opened first, so every link is checked before the child is written.
        try (Chain chain = images.open(child, false)) {
            if (chain.depth() == 0 || !Files.isSameFile(chain.layers().get(1).path(), expectedParent)) {
                throw new ParentLinkException(child.getFileName() + " is not a child of "
                        + expectedParent.getFileName() + ", so there is nothing of it to merge down");
            }
            Layer parent = chain.layers().get(1);
            // The child may be a parent itself (a snapshot): it is written all the same, as nothing it reads changes.
            // Batched: many allocations share a few flushes, and a crash only loses the batch, which a rerun redoes.
            try (Layer target = images.allowingParentWrites().openLayer(child, true, Durability.BATCHED)) {
                target.keepLinkId();
                merged = copyWhereUndefined(parent, target);
                target.flush();
            }
        }
        Files.setLastModifiedTime(child, modified);
        return merged;
    }

    /** Writes every sector {@code top} defines (stored data, or zeros) into {@code target}. */
    private static void copyDefinedSectors(Layer top, Chain target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long size = top.virtualSize();
        for (long at = 0; at < size; ) {
            Extent extent = top.map(at, Math.min(CHUNK, size - at));
            int n = (int) extent.length();
            if (extent.kind() != Extent.Kind.PARENT) {
                fill(top, extent, buffer, n);
                target.write(at, buffer);
            }
            at += n;
        }
    }

    /**
     * For every run {@code target} leaves to its parent, the sectors {@code parent} defines there; the target is
     * flushed every {@link #BATCH} bytes, which commits a batched session's metadata.
     */
    private static long copyWhereUndefined(Layer parent, Layer target) throws IOException {
        // Direct: the file channel reads into it and writes from it without a copy through a buffer of its own.
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        long size = target.virtualSize();
        long merged = 0;
        long sinceFlush = 0;
        for (long at = 0; at < size; ) {
            Extent own = target.map(at, Math.min(CHUNK, size - at));
            if (own.kind() == Extent.Kind.PARENT) {
                long end = at + own.length();
                for (long from = at; from < end; ) {
                    Extent theirs = parent.map(from, end - from);
                    int n = (int) theirs.length();
                    if (theirs.kind() != Extent.Kind.PARENT) {
                        fill(parent, theirs, buffer, n);
                        target.writeSectors(from, buffer);
                        merged += n;
                        sinceFlush += n;
                    }
                    from += n;
                }
            }
            at += own.length();
            if (sinceFlush >= BATCH) {
                target.flush();
                sinceFlush = 0;
            }
        }
        return merged;
    }

    /** Puts the {@code n} bytes {@code extent} describes into {@code buffer}, ready to write. */
    private static void fill(Layer layer, Extent extent, ByteBuffer buffer, int n) throws IOException {
        buffer.clear().limit(n);
        if (extent.kind() == Extent.Kind.STORED) {
            layer.readStored(extent.fileOffset(), buffer);
        } else {
            while (buffer.hasRemaining()) {
                buffer.put(ZEROS, 0, Math.min(ZEROS.length, buffer.remaining()));
            }
        }
        buffer.flip();
    }
}
