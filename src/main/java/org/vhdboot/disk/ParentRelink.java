package org.vhdboot.disk;

import org.vhdboot.disk.vhd.VhdRelink;
import org.vhdboot.disk.vhd.VhdTimestamp;
import org.vhdboot.disk.vhdx.VhdxRelink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.UUID;

/**
 * Points a differencing image at another parent in one atomic metadata update: the VHDX log, or the VHD's header
 * written after its new locator data ({@link VhdxRelink}, {@link VhdRelink}). What the child reads must not change:
 * the caller first merges the old parent's sectors into it ({@link ImageMerger#mergeDown}), so the new parent is
 * the old one's parent. The child's link id stays, so its own children stay valid.
 */
public final class ParentRelink {
    private final DiskImages images;
    private final ParentPaths paths;

    public ParentRelink(DiskImages images, ParentPaths paths) {
        this.images = images;
        this.paths = paths;
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
        UUID parentId;
        try (Chain parent = images.open(newParent, false); Layer layer = images.openLayer(child, false, Durability.SAFE)) {
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
            parentId = top.linkId().orElseThrow();
        }
        boolean written = true;
        if (DiskFormat.fromPath(child) == DiskFormat.VHDX) {
            written = new VhdxRelink(images.storage(), paths).relink(child, newParent, parentId, spec.windowsFolder());
        } else {
            int stamp = VhdTimestamp.fromInstant(Files.getLastModifiedTime(newParent).toInstant());
            new VhdRelink(images.storage(), paths).relink(child, newParent, parentId, stamp, spec.windowsFolder());
        }
        Files.setLastModifiedTime(child, modified);
        images.open(child, false).close();
        return written;
    }

    /**
     * Finishes a relink of {@code child} to {@code newParent} that a crash interrupted, before anything else reads
     * the child: a VHDX replays its log into the file; a VHD gets the new header its relink left beside the footer.
     * Does nothing when no relink was under way.
     */
    public void finishInterrupted(Path child, Path newParent) throws IOException {
        if (DiskFormat.fromPath(child) == DiskFormat.VHDX) {
            // A writable open replays a log in the file and writes nothing else.
            images.allowingParentWrites().openLayer(child, true, Durability.SAFE).close();
            return;
        }
        UUID parentId;
        try (Layer parent = images.openLayer(newParent, false, Durability.SAFE)) {
            parentId = parent.linkId().orElseThrow();
        }
        new VhdRelink(images.storage(), paths).finish(child, parentId);
    }
}
