package org.vhdboot.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code vhd check --repair}: replays a VHDX log left by an interrupted write and rewrites a damaged VHDX header
 * copy, or rewrites a damaged VHD footer from its intact copy at offset 0. None changes the virtual disk or the
 * id children link to, so children stay linked, and a parent may be repaired; a clean file is not touched at all.
 *
 * <p>The file is first opened read-only, which validates everything the repair will write (the whole log,
 * the structures as they read after it): a file that cannot be repaired is refused before its first write.
 * What a repair does is the format's own ({@link FormatDriver#repair}).
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
        FormatDriver driver;
        try (Layer layer = images.openLayer(file, false, Durability.SAFE)) {
            driver = images.drivers().of(layer.format());
            Optional<String> clean = driver.nothingToRepair(layer);
            if (clean.isPresent()) {
                return new Outcome(false, "nothing to repair: " + clean.get());
            }
        }
        // A writable open finishes an interrupted write (replays a VHDX log) in the file before anything else.
        try (Layer layer = images.allowingParentWrites().openLayer(file, true, Durability.SAFE)) {
            return new Outcome(true, driver.repair(layer));
        }
    }
}
