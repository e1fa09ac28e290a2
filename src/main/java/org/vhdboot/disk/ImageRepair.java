package org.vhdboot.disk;

import org.vhdboot.disk.vhd.VhdImage;
import org.vhdboot.disk.vhdx.VhdxImage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code vhd check --repair}: replays a VHDX log left by an interrupted write and rewrites a damaged VHDX header
 * copy, or rewrites a damaged VHD footer from its intact copy at offset 0. None changes the virtual disk or the
 * id children link to, so children stay linked, and a parent may be repaired; a clean file is not touched at all.
 *
 * <p>The file is first opened read-only, which validates everything the repair will write (the whole log,
 * the structures as they read after it): a file that cannot be repaired is refused before its first write.
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
        try (Layer layer = images.openLayer(file, false, Durability.SAFE)) {
            if (layer instanceof VhdImage && !((VhdImage) layer).needsRepair()) {
                return new Outcome(false, "nothing to repair: the footer at the end of the file is intact");
            }
            if (layer instanceof VhdxImage && !((VhdxImage) layer).needsRepair()) {
                return new Outcome(false, "nothing to repair: the log is empty and both headers are valid");
            }
            if (!(layer instanceof VhdImage) && !(layer instanceof VhdxImage)) {
                return new Outcome(false, "nothing to repair: a raw file has no structure");
            }
        }
        // A writable VHDX open replays the log into the file before anything else.
        try (Layer layer = images.allowingParentWrites().openLayer(file, true, Durability.SAFE)) {
            if (layer instanceof VhdImage) {
                ((VhdImage) layer).rewriteFooter();
                return new Outcome(true, "footer rewritten from its copy at offset 0");
            }
            VhdxImage image = (VhdxImage) layer;
            image.rewriteHeaders();
            return new Outcome(true, "log " + image.info().details().get("log") + "; headers rewritten");
        }
    }
}
