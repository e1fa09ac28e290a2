package org.vhdboot.disk;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link DiskEngine} on the pure-Java engine: runs anywhere, never writes a parent. */
public final class JavaDiskEngine implements DiskEngine {
    private final DiskImages images;

    public JavaDiskEngine(DiskImages images) {
        this.images = images;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void createChild(Path child, Path parent) throws IOException {
        createChild(child, parent, ChildSpec.DEFAULTS);
    }

    @Override
    public void createChild(Path child, Path parent, ChildSpec spec) throws IOException {
        // Created outside the cleanup below: when the child already exists, that file is not ours to delete.
        Storage storage = images.storage().create(child);
        boolean complete = false;
        try (storage) {
            images.writeChildInto(storage, child, parent, spec);
            storage.force();
            complete = true;
        } finally {
            if (!complete) {
                Files.deleteIfExists(child);
            }
        }
    }

    @Override
    public LayerInfo info(Path image) throws IOException {
        try (Layer layer = images.openLayer(image, false, Durability.SAFE)) {
            return layer.info();
        }
    }

    @Override
    public void mergeIntoParent(Path child) throws IOException {
        new ImageMerger(images).mergeIntoParent(child);
    }
}
