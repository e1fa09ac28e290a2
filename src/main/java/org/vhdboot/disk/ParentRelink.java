package org.vhdboot.disk;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Points a differencing image at another parent in one atomic metadata update, which its format's driver makes
 * ({@link FormatDriver#relink}: the VHDX log, or the VHD's header written after its new locator data). What the
 * child reads must not change: the caller first merges the old parent's sectors into it ({@link
 * ImageMerger#mergeDown}), so the new parent is the old one's parent. The child's link id stays, so its own
 * children stay valid.
 */
public final class ParentRelink {
    private final DiskImages images;

    /** Relinks with {@code images}' storage, which sees every step, and its way of writing parent paths. */
    public ParentRelink(DiskImages images) {
        this.images = images;
    }

    /**
     * Relinks {@code child} to {@code newParent}, keeping its modification time (VHD children check it); the new
     * link is checked by opening the chain afterwards.
     *
     * @return false when the child's file was left byte for byte as it was: a VHDX whose locator already names
     *         {@code newParent} as a new child of it would (a VHD's header takes the parent's time stamp: always true)
     */
    public boolean relink(Path child, Path newParent, ChildSpec spec) throws IOException {
        finishInterrupted(child, newParent);
        FileTime modified = Files.getLastModifiedTime(child);
        boolean written;
        try (Chain parent = images.open(newParent, false)) {
            FormatDriver driver = images.drivers().of(check(child, parent));
            try (Storage file = images.storage().open(child, true)) {
                written = driver.relink(file, parent.top(), spec, images.context());
            }
        }
        Files.setLastModifiedTime(child, modified);
        images.open(child, false).close();
        return written;
    }

    /** The format of {@code child}, once it is known to be a differencing image that can stand on {@code parent}. */
    private DiskFormat check(Path child, Chain parent) throws IOException {
        Path newParent = parent.top().path();
        try (Layer layer = images.openLayer(child, false, Durability.SAFE)) {
            if (layer.parentLink().isEmpty()) {
                throw new UnsupportedFormatException(child.getFileName() + " is not a differencing image");
            }
            for (Layer ancestor : parent.layers()) {
                if (Files.isSameFile(ancestor.path(), child)) {
                    throw new ParentLinkException(child.getFileName() + " cannot stand on " + newParent.getFileName()
                            + ", which stands on it");
                }
            }
            Layer top = parent.top();
            if (top.format() != layer.format() || top.virtualSize() != layer.virtualSize()
                    || top.logicalSectorSize() != layer.logicalSectorSize()) {
                throw new ParentLinkException(newParent.getFileName() + " cannot be the parent of "
                        + child.getFileName() + ": format, size or sector size differ");
            }
            return layer.format();
        }
    }

    /**
     * Finishes a relink of {@code child} to {@code newParent} that a crash interrupted, before anything else reads
     * the child (a VHDX replays its log into the file; a VHD gets the new header its relink left beside the
     * footer). Does nothing when no relink was under way.
     */
    public void finishInterrupted(Path child, Path newParent) throws IOException {
        FormatDriver driver = images.drivers().forPath(child);
        try (Layer parent = images.openLayer(newParent, false, Durability.SAFE);
             Storage file = images.storage().open(child, true)) {
            driver.finishRelink(file, parent, images.context());
        }
    }
}
