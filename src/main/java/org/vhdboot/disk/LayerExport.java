package org.vhdboot.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Exports what the layers above one image of a chain add to it, into an empty differencing child of that image: the
 * child then reads as the top of the chain did, and stores only what the layers above defined. {@code image commit}
 * uses it when snapshots lie between Current and its version: the chain is left as it was, and the new version is a
 * new file (merges always write new files).
 */
public final class LayerExport {
    private final DiskImages images;

    public LayerExport(DiskImages images) {
        this.images = images;
    }

    /**
     * Copies into {@code target}, an empty child of {@code base}, every sector a layer above {@code base} in
     * {@code top}'s chain defines, as the chain reads it; flushes it.
     *
     * @return the bytes written into {@code target}
     * @throws ParentLinkException when {@code base} is not in {@code top}'s chain, or {@code target} is not its child
     */
    public long export(Path top, Path base, Path target) throws IOException {
        try (Chain source = images.open(top, false)) {
            List<Layer> above = layersAbove(source, base);
            // The target is a temporary file nobody sees until it is renamed into place: one flush at the end.
            try (Chain into = images.open(target, true, Durability.DEFERRED)) {
                if (into.depth() == 0 || !Files.isSameFile(into.layers().get(1).path(), base)) {
                    throw new ParentLinkException(target.getFileName() + " is not a child of " + base.getFileName());
                }
                // The stack of the layers above the base: each sector from the topmost one defining it, as the chain reads.
                Layer out = into.top();
                long written = above.isEmpty() ? 0 : new LayerResolver(above).copyDefined(0, out::writeSectors);
                into.flush();
                return written;
            }
        }
    }

    private static List<Layer> layersAbove(Chain chain, Path base) throws IOException {
        List<Layer> layers = chain.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (Files.isSameFile(layers.get(i).path(), base)) {
                return layers.subList(0, i);
            }
        }
        throw new ParentLinkException(base.getFileName() + " is not in the chain of " + chain.top().path().getFileName());
    }
}
