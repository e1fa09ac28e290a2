package org.vhdboot.disk;

import org.vhdboot.disk.vhdx.VhdxImage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code vhd check --repair}: replays a VHDX log left by an interrupted write and rewrites a damaged header
 * copy. Neither changes the virtual disk or its DataWriteGuid, so children stay linked, and a parent may be
 * repaired; a clean file is not touched at all.
 */
public final class ImageRepair {

    /** @param changed whether the file was written */
    public record Outcome(boolean changed, String summary) {
    }

    private final DiskImages images;

    public ImageRepair(DiskImages images) {
        this.images = images;
    }

    public Outcome repair(Path file) throws IOException {
        boolean needed;
        try (Layer layer = images.openLayer(file, false, Durability.SAFE)) {
            if (!(layer instanceof VhdxImage)) {
                return new Outcome(false, "nothing to repair: only VHDX logs and headers can be repaired");
            }
            needed = ((VhdxImage) layer).needsRepair();
        }
        if (!needed) {
            return new Outcome(false, "nothing to repair: the log is empty and both headers are valid");
        }
        // A writable open replays the log into the file before anything else.
        try (Layer layer = images.allowingParentWrites().openLayer(file, true, Durability.SAFE)) {
            VhdxImage image = (VhdxImage) layer;
            image.rewriteHeaders();
            return new Outcome(true, "log " + image.info().details().get("log") + "; headers rewritten");
        }
    }
}
