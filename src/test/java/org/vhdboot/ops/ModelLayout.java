package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.WritePlan;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A layout on a small golden parent whose every image's expected virtual disk is kept as a byte array: the base and
 * each version ({@code version:NAME}), each slot ({@code slot:a}, {@code slot:b}) and Recovery ({@code recovery}).
 * The test writes through the engine and mirrors the writes here, moves models where an operation says what an image
 * reads, and compares every read with them. {@code format} is {@code vhdx} or {@code vhd}.
 */
final class ModelLayout {
    static final long SIZE = 8L << 20;

    final Path folder;
    final Path parent;
    final String format;
    private final Map<String, DiskModel> models = new HashMap<>();

    private ModelLayout(Path folder, String format) {
        this.folder = folder;
        this.format = format;
        this.parent = folder.resolve("Gold." + format);
    }

    /** A parent holding {@code seed}'s writes, made into a layout by {@code init} with {@code options}. */
    static ModelLayout create(Path folder, String format, long seed, OperationContext context,
                              UnaryOperator<InitOptions> options) throws Exception {
        ModelLayout layout = new ModelLayout(Files.createDirectories(folder), format);
        layout.buildParent(seed);
        new InitOperation(context).run(options.apply(InitOptions.parent(layout.parent)).build());
        layout.models.put("slot:a", layout.model("version:base").copy());
        layout.models.put("recovery", layout.model("version:base").copy());
        return layout;
    }

    /**
     * A master layout (VHDX, no boot entries) whose Current, written once ({@code slot:a}), is committed as
     * {@code version}, with a note; its model follows.
     */
    static ModelLayout masterWithVersion(Path folder, OperationContext context, String version) throws Exception {
        ModelLayout master = create(folder, "vhdx", 1, context, o -> o.bootStore("none"));
        master.writeActive(2);
        new ImageCommitOperation(context).run(master.layout(), new ImageCommitOperation.Options(version,
                Optional.of("monthly updates"), false, TransferProgress.NONE));
        return master;
    }

    /** The same golden parent in another folder, copied (so the same identity), made a layout with {@code options}. */
    static ModelLayout copyParent(ModelLayout from, Path folder, OperationContext context,
                                  UnaryOperator<InitOptions> options) throws Exception {
        ModelLayout layout = new ModelLayout(Files.createDirectories(folder), from.format);
        Files.copy(from.parent, layout.parent, StandardCopyOption.COPY_ATTRIBUTES);
        layout.models.put("version:base", from.model("version:base").copy());
        new InitOperation(context).run(options.apply(InitOptions.parent(layout.parent)).build());
        layout.models.put("slot:a", layout.model("version:base").copy());
        layout.models.put("recovery", layout.model("version:base").copy());
        return layout;
    }

    private void buildParent(long seed) throws IOException {
        DiskImages images = new DiskImages();
        images.create(parent, ImageSpec.dynamic(SIZE).withBlockSize(format.equals("vhd") ? 512 << 10 : 1 << 20));
        DiskModel base = new DiskModel(SIZE);
        write(images, parent, base, WritePlan.wholePages(seed, SIZE, 12));
        models.put("version:base", base);
    }

    /** The same layout in {@code other}: its files copied with their times, the same models. */
    ModelLayout copyTo(Path other) throws IOException {
        return copyTo(other, FolderCopy.of(folder));
    }

    /** As {@link #copyTo(Path)}, from {@code files}, this layout's files taken while it is as it is now. */
    ModelLayout copyTo(Path other, FolderCopy files) throws IOException {
        files.into(other);
        ModelLayout copy = new ModelLayout(other, format);
        models.forEach((key, model) -> copy.models.put(key, model.copy()));
        return copy;
    }

    Layout layout() throws IOException, LayoutException {
        return LayoutFile.load(folder.resolve(Layout.INI_NAME));
    }

    DiskModel model(String key) {
        DiskModel model = models.get(key);
        if (model == null) {
            throw new AssertionError("no model " + key);
        }
        return model;
    }

    /** {@code key} reads as {@code model}. */
    void put(String key, DiskModel model) {
        models.put(key, model);
    }

    /** {@code key} reads as {@code as} does now (a fresh child of it, or a commit of it). */
    void same(String key, String as) {
        models.put(key, model(as).copy());
    }

    /** Writes {@code seed}'s whole pages into the active slot, as a user or an update would. */
    void writeActive(long seed) throws IOException, LayoutException {
        Layout layout = layout();
        write(new DiskImages(), layout.childPath(Role.CURRENT), model("slot:" + layout.activeSlot().key()),
                WritePlan.wholePages(seed, SIZE, 6));
    }

    /** Writes {@code seed}'s whole pages into {@code image}, mirrored into the model {@code key}. */
    void write(Path image, String key, long seed) throws IOException {
        write(new DiskImages(), image, model(key), WritePlan.wholePages(seed, SIZE, 6));
    }

    private static void write(DiskImages images, Path image, DiskModel model, List<DiskWrite> writes)
            throws IOException {
        try (Chain chain = images.open(image, true)) {
            for (DiskWrite write : writes) {
                chain.write(write.offset(), ByteBuffer.wrap(write.data()));
                model.write(write.offset(), write.data());
            }
        }
    }

    /** Fails unless {@code image}'s chain opens without warnings and reads exactly the model {@code key}. */
    void assertReads(Path image, String key) throws IOException {
        try (Chain chain = new DiskImages().open(image, false)) {
            if (!chain.warnings().isEmpty()) {
                throw new AssertionError(image.getFileName() + " opened with warnings: " + chain.warnings());
            }
            if (!Arrays.equals(model(key).bytes(), DiskReads.read(chain, 0, (int) SIZE))) {
                throw new AssertionError(image.getFileName() + " does not read as " + key);
            }
        }
    }

    void assertReads(Role role, String key) throws IOException, LayoutException {
        assertReads(layout().childPath(role), key);
    }

    Path versionFile(String name) throws IOException, LayoutException {
        return folder.resolve(layout().versionFile(name));
    }

    Path slotFile(Slot slot) throws IOException, LayoutException {
        return folder.resolve(slot.fileFor(layout()));
    }
}
