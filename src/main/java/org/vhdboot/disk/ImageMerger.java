package org.vhdboot.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Merges a differencing child into its parent, like diskpart's {@code merge vdisk depth=1}: every sector the
 * child holds (stored data, or zeros it defines) is written into the parent, which afterwards reads as the
 * child did. The parent changes, so every other child of it becomes invalid; the merged child is left as it
 * was. Rerunning an interrupted merge writes the same data again, so it completes.
 */
public final class ImageMerger {
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
}
