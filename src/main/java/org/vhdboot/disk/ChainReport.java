package org.vhdboot.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is known about an image and its chain, even when the chain is broken: the layers that could be
 * read, the warnings, the structural problems, and the failure that stopped the chain from opening.
 */
public record ChainReport(Path file, List<LayerInfo> layers, List<String> warnings, List<String> problems,
                          Optional<IOException> failure) {

    public ChainReport {
        layers = List.copyOf(layers);
        warnings = List.copyOf(warnings);
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return failure.isEmpty() && problems.isEmpty();
    }

    public int depth() {
        return Math.max(0, layers.size() - 1);
    }

    /**
     * Opens {@code file}'s chain read-only and describes it, with the problems opening noticed (a damaged copy, a
     * log still to replay). With {@code deep}, every layer's whole structural check runs too. The failure of the file itself is rethrown: without it there is nothing to describe.
     */
    public static ChainReport inspect(DiskImages images, Path file, boolean deep) throws IOException {
        List<LayerInfo> layers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Chain chain = images.open(file, false)) {
            for (Layer layer : chain.layers()) {
                layers.add(layer.info());
                problems.addAll(deep ? layer.check() : layer.findings());
            }
            return new ChainReport(file, layers, chain.warnings(), problems, Optional.empty());
        } catch (InvalidImageException | ParentLinkException | java.nio.file.NoSuchFileException e) {
            // Describe what can be read: the file alone, and the failure of its chain.
            try (Layer top = images.openLayer(file, false, Durability.SAFE)) {
                layers.add(top.info());
                problems.addAll(deep ? top.check() : top.findings());
            }
            return new ChainReport(file, layers, List.of(), problems, Optional.of(e));
        }
    }
}
