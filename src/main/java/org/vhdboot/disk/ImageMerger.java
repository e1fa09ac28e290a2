package org.vhdboot.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * Merges sectors between a differencing child and its parent, in two directions, each a copy of a stack's defined
 * sectors by the {@link LayerResolver}.
 *
 * <p>{@link #mergeIntoParent} is diskpart's {@code merge vdisk depth=1}: every sector the child holds (stored data,
 * or zeros it defines) is written into the parent, which afterwards reads as the child did. The parent changes, so
 * every other child of it becomes invalid; the merged child is left as it was.
 *
 * <p>{@link #mergeDown} goes the other way: the child takes its parent's sectors wherever it defines none itself,
 * so it no longer needs that parent and can be relinked to the grandparent ({@link ParentRelink}). What the child
 * reads does not change, so its identity stays (its link id, {@link Layer#keepLinkId}, and a VHD's modification
 * time, which VHD children check) and its own children stay valid; a half-done merge is just as consistent, and a
 * rerun continues it.
 *
 * <p>Rerunning an interrupted merge of either kind writes the same data again, so it completes.
 */
public final class ImageMerger {
    /** A batched merge down commits its metadata after this many bytes, so a crash loses at most one batch. */
    private static final long BATCH = 256L << 20;

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
                // The stack of the child alone: what it defines, stored or as zeros, and nothing it leaves to its parent.
                new LayerResolver(List.of(source.top())).copyDefined(0, target::write);
                target.flush();
            }
        }
    }

    /**
     * Writes into {@code child} every sector its parent {@code expectedParent} defines where the child defines
     * none, keeping the child's link id and modification time. {@code progress} is told how far into the virtual
     * disk the merge has got.
     *
     * @return the bytes written into the child
     * @throws ParentLinkException when the child's parent is not {@code expectedParent}: merging another parent's
     *                             sectors would be harmless but could copy a whole golden image
     */
    public long mergeDown(Path child, Path expectedParent, ProgressListener progress) throws IOException {
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
                // The stack [child, parent] from level 1: the parent's sectors where the child leaves them to it.
                merged = new LayerResolver(List.of(target, parent)).copyDefined(1, new BatchedWriter(target, progress));
                target.flush();
                progress.progress(target.virtualSize(), target.virtualSize());
            }
        }
        Files.setLastModifiedTime(child, modified);
        return merged;
    }

    /**
     * Writes into a layer, flushing it every {@link #BATCH} bytes, which commits a batched session's metadata, and
     * tells how far it has got: the resolver writes in ascending order.
     */
    private static final class BatchedWriter implements LayerResolver.SectorWriter {
        private final Layer target;
        private final ProgressListener progress;
        private long sinceFlush;

        BatchedWriter(Layer target, ProgressListener progress) {
            this.target = target;
            this.progress = progress;
        }

        @Override
        public void write(long offset, ByteBuffer sectors) throws IOException {
            int length = sectors.remaining();
            sinceFlush += length;
            target.writeSectors(offset, sectors);
            if (sinceFlush >= BATCH) {
                target.flush();
                sinceFlush = 0;
            }
            progress.progress(offset + length, target.virtualSize());
        }
    }
}
