package org.vhdboot.disk.testing;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.io.StagedFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A differencing chain grown in a folder one layer at a time, with the expected contents of the virtual disk
 * as seen from every layer. Writes always go to the newest layer, through the engine's public front door.
 */
public final class ChainFiles {
    private final DiskImages images;
    private final Path folder;
    private final String extension;
    private final List<Path> layers = new ArrayList<>();
    private final List<DiskModel> models = new ArrayList<>();

    public ChainFiles(DiskImages images, Path folder, String extension) {
        this.images = images;
        this.folder = folder;
        this.extension = extension;
    }

    public Path createBase(ImageSpec spec) throws IOException {
        Path base = folder.resolve("layer0." + extension);
        images.create(base, spec);
        layers.add(base);
        models.add(new DiskModel(spec.size()));
        return base;
    }

    /** A new empty child of the current top, which becomes the top. */
    public Path addChild(ChildSpec spec) throws IOException {
        Path child = folder.resolve("layer" + layers.size() + "." + extension);
        try (StagedFile staged = StagedFile.beside(child, images.storage())) {
            images.writeChild(staged, top(), spec);
            staged.commit(false);
        }
        layers.add(child);
        models.add(model().copy());
        return child;
    }

    public void write(List<DiskWrite> writes) throws IOException {
        try (Chain chain = images.open(top(), true)) {
            for (DiskWrite write : writes) {
                chain.write(write.offset(), ByteBuffer.wrap(write.data()));
                model().write(write.offset(), write.data());
            }
            chain.flush();
        }
    }

    public Path top() {
        return layers.get(layers.size() - 1);
    }

    /** The layers, base first. */
    public List<Path> layers() {
        return List.copyOf(layers);
    }

    /** What the disk holds seen from the top. */
    public DiskModel model() {
        return models.get(models.size() - 1);
    }

    /** What the disk holds seen from layer {@code level} (0 = base). */
    public DiskModel model(int level) {
        return models.get(level);
    }

    public Path folder() {
        return folder;
    }
}
