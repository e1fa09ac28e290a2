package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.WritePlan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A layout for restore-point tests: a small written parent ({@code vhd}, {@code vhdx} or {@code vhdx-4k}) made into
 * a layout, and the byte model of every snapshot and of Current, which tests compare every read with.
 */
public final class SnapshotFixture {
    public static final long SIZE = 4L << 20;

    public final Path folder;
    public final Path parent;
    public final Path current;
    public final Path recovery;
    private final String extension;
    private final DiskImages images = new DiskImages();
    private final Map<String, DiskModel> snapshots = new HashMap<>();
    private DiskModel currentModel;
    private final DiskModel parentModel = new DiskModel(SIZE);
    /** The parent's file as made, shared by every copy (never changed): compared byte for byte, no hashing. */
    private final byte[] parentFile;
    private long seed = 100;

    private SnapshotFixture(Path folder, String format, TestWorld world) throws Exception {
        this.folder = folder;
        this.extension = format.startsWith("vhdx") ? "vhdx" : "vhd";
        java.nio.file.Files.createDirectories(folder);
        this.parent = folder.resolve("Gold." + extension);
        this.current = folder.resolve("Gold-Current." + extension);
        this.recovery = folder.resolve("Gold-Recovery." + extension);
        ImageSpec spec = ImageSpec.dynamic(SIZE).withBlockSize(extension.equals("vhd") ? 2 << 20 : 1 << 20);
        images.create(parent, format.equals("vhdx-4k") ? spec.withSectorSizes(4096, 4096) : spec);
        write(parent, parentModel, WritePlan.wholePages(seed++, SIZE, 10));
        world.init(InitOptions.parent(parent).bootStore("none"));
        currentModel = parentModel.copy();
        parentFile = Files.readAllBytes(parent);
    }

    private SnapshotFixture(SnapshotFixture original, Path folder) {
        this.folder = folder;
        this.extension = original.extension;
        this.parent = folder.resolve(original.parent.getFileName());
        this.current = folder.resolve(original.current.getFileName());
        this.recovery = folder.resolve(original.recovery.getFileName());
        original.snapshots.forEach((name, model) -> snapshots.put(name, model.copy()));
        this.currentModel = original.currentModel.copy();
        this.parentModel.write(0, original.parentModel.bytes());
        this.parentFile = original.parentFile;
        this.seed = original.seed;
    }

    public static SnapshotFixture of(Path folder, String format, TestWorld world) throws Exception {
        return new SnapshotFixture(folder, format, world);
    }

    /** The same layout in {@code other}: its files copied (times kept), its models copied. */
    public SnapshotFixture copyTo(Path other) throws IOException {
        return copyTo(other, FolderCopy.of(folder));
    }

    /** As {@link #copyTo(Path)}, from {@code files}, this layout's files taken while it is as it is now. */
    public SnapshotFixture copyTo(Path other, FolderCopy files) throws IOException {
        files.into(other);
        return new SnapshotFixture(this, other);
    }

    /** The model of snapshot {@code name}. */
    public DiskModel snapshotModel(String name) {
        return snapshots.get(name).copy();
    }

    /** Fails unless {@code image} reads as one of {@code models}. */
    public void assertReadsOneOf(String what, Path image, DiskModel... models) throws IOException {
        byte[] read;
        try (Chain chain = images.open(image, false)) {
            read = DiskReads.read(chain, 0, (int) SIZE);
        }
        for (DiskModel model : models) {
            if (Arrays.equals(model.bytes(), read)) {
                return;
            }
        }
        throw new AssertionError(what + " reads as none of its expected states");
    }

    public void assertParentUnchanged() throws IOException {
        if (!Arrays.equals(parentFile, Files.readAllBytes(parent))) {
            throw new AssertionError("the parent was written");
        }
    }

    /** Scattered 4 KiB pages into Current, as its user would write. */
    public void userWrites() throws IOException {
        userWrites(6);
    }

    /** {@code runs} runs of scattered 4 KiB pages into Current. */
    public void userWrites(int runs) throws IOException {
        write(current, currentModel, WritePlan.wholePages(seed++, SIZE, runs));
    }

    private void write(Path image, DiskModel model, List<DiskWrite> writes) throws IOException {
        try (Chain chain = images.open(image, true)) {
            for (DiskWrite write : writes) {
                chain.write(write.offset(), ByteBuffer.wrap(write.data()));
                model.write(write.offset(), write.data());
            }
        }
    }

    /** {@code snapshot create NAME} through {@code world}, and the model of what it holds. */
    public void takeSnapshot(TestWorld world, String name) throws Exception {
        world.snapshot(folder, name);
        snapshotTaken(name);
    }

    /** A snapshot of Current was taken: it holds what Current holds. */
    public void snapshotTaken(String name) {
        snapshots.put(name, currentModel.copy());
    }

    /** Current went back to {@code name}'s state (revert, or reset to it as the base). */
    public void currentIs(String snapshot) {
        currentModel = snapshots.get(snapshot).copy();
    }

    public void currentIsTheParent() {
        currentModel = parentModel.copy();
    }

    public void snapshotDeleted(String name) {
        snapshots.remove(name);
    }

    /** The state Current had, kept as {@code name} by {@code revert --keep-old}. */
    public void keptAs(String name, DiskModel state) {
        snapshots.put(name, state);
    }

    public DiskModel currentModel() {
        return currentModel.copy();
    }

    public Path snapshotPath(String name) {
        return folder.resolve("Gold-s-" + name.toLowerCase(java.util.Locale.ROOT) + "." + extension);
    }

    /**
     * Fails unless Current and every snapshot read exactly their models through their chains (no warnings), the
     * parent is byte for byte unchanged, snapshots are marked read-only, and no stray file is left in the folder.
     */
    public void assertEverythingReadsAsModelled() throws IOException {
        assertReads("Current", current, currentModel);
        for (Map.Entry<String, DiskModel> snapshot : snapshots.entrySet()) {
            Path file = snapshotPath(snapshot.getKey());
            assertReads("snapshot " + snapshot.getKey(), file, snapshot.getValue());
            if (!org.vhdboot.disk.io.ReadOnlyMark.isMarked(file)) {
                throw new AssertionError("snapshot " + snapshot.getKey() + " is not marked read-only");
            }
        }
        assertReads("the parent", parent, parentModel);
        assertParentUnchanged();
        List<String> expected = new ArrayList<>(List.of(parent.getFileName().toString(),
                current.getFileName().toString(), recovery.getFileName().toString()));
        snapshots.keySet().forEach(name -> expected.add(snapshotPath(name).getFileName().toString()));
        try (Stream<Path> files = Files.list(folder)) {
            List<String> images = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("." + extension)).toList();
            if (!images.containsAll(expected) || images.size() != expected.size()) {
                throw new AssertionError("images in the folder: " + images + ", expected " + expected);
            }
        }
    }

    private void assertReads(String what, Path image, DiskModel model) throws IOException {
        try (Chain chain = images.open(image, false)) {
            if (!chain.warnings().isEmpty()) {
                throw new AssertionError(what + " opened with warnings: " + chain.warnings());
            }
            if (!Arrays.equals(model.bytes(), DiskReads.read(chain, 0, (int) SIZE))) {
                throw new AssertionError(what + " does not read as its model");
            }
        }
    }

    /** The files of {@code image}'s chain, base first, as independent readers take them. */
    public Path[] chainOf(Path image) throws IOException {
        try (Chain chain = images.open(image, false)) {
            List<Path> layers = new ArrayList<>(chain.layers().stream().map(Layer::path).toList());
            java.util.Collections.reverse(layers);
            return layers.toArray(Path[]::new);
        }
    }

    public int depthOf(Path image) throws IOException {
        try (Chain chain = images.open(image, false)) {
            return chain.depth();
        }
    }
}
