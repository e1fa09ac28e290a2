package org.vhdboot.disk.testing;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small tree of images in one folder, as snapshots make it: a base, layers on it, and branches; each layer's
 * expected virtual disk kept in a {@link DiskModel} as it is written. Names are file stems; the format is
 * {@code vhd}, {@code vhdx}, or {@code vhdx-4k} (VHDX with 4 KiB logical sectors).
 */
public final class LayerTree {
    public static final long SIZE = 8L << 20;

    private final DiskImages images;
    private final Path folder;
    private final String extension;
    private final String format;
    private final Map<String, DiskModel> models = new LinkedHashMap<>();

    public LayerTree(DiskImages images, Path folder, String format) {
        this.images = images;
        this.folder = folder;
        this.format = format;
        this.extension = format.startsWith("vhdx") ? "vhdx" : "vhd";
    }

    /** The base, written with {@code writes}. */
    public Path base(String name, List<DiskWrite> writes) throws IOException {
        ImageSpec spec = ImageSpec.dynamic(SIZE).withBlockSize(extension.equals("vhd") ? 512 << 10 : 1 << 20);
        if (format.equals("vhdx-4k")) {
            spec = spec.withSectorSizes(4096, 4096);
        }
        Path base = path(name);
        images.create(base, spec);
        models.put(name, new DiskModel(SIZE));
        write(name, writes);
        return base;
    }

    /** A new child of {@code parent}, written with {@code writes}. */
    public Path child(String name, String parent, List<DiskWrite> writes) throws IOException {
        Path child = path(name);
        images.createChild(child, path(parent));
        models.put(name, models.get(parent).copy());
        write(name, writes);
        return child;
    }

    public void write(String name, List<DiskWrite> writes) throws IOException {
        if (writes.isEmpty()) {
            return;
        }
        try (Chain chain = images.allowingParentWrites().open(path(name), true)) {
            for (DiskWrite write : writes) {
                chain.write(write.offset(), ByteBuffer.wrap(write.data()));
                models.get(name).write(write.offset(), write.data());
            }
        }
    }

    public Path path(String name) {
        return folder.resolve(name + "." + extension);
    }

    public DiskModel model(String name) {
        return models.get(name);
    }

    /** Fails unless {@code name}'s chain opens without warnings and reads exactly its model. */
    public void assertReads(String name) throws IOException {
        try (Chain chain = images.open(path(name), false)) {
            if (!chain.warnings().isEmpty()) {
                throw new AssertionError(name + " opened with warnings: " + chain.warnings());
            }
            byte[] read = DiskReads.read(chain, 0, (int) SIZE);
            if (!java.util.Arrays.equals(models.get(name).bytes(), read)) {
                throw new AssertionError(name + " does not read as its model");
            }
        }
    }

    /** The same tree in {@code other} (its files copied, times kept), read and written with {@code with}. */
    public LayerTree copyTo(Path other, DiskImages with) throws IOException {
        return copyTo(other, with, FolderCopy.of(folder));
    }

    /** As {@link #copyTo(Path, DiskImages)}, from {@code files}, this tree's files taken while it is as it is now. */
    public LayerTree copyTo(Path other, DiskImages with, FolderCopy files) throws IOException {
        files.into(other);
        LayerTree copy = new LayerTree(with, other, format);
        models.forEach((name, model) -> copy.models.put(name, model.copy()));
        return copy;
    }

    public Path folder() {
        return folder;
    }

    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    public String extension() {
        return extension;
    }
}
