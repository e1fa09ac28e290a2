package org.vhdboot.disk;

import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.disk.io.Storage;
import org.vhdboot.disk.io.StorageFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The engine's front door: open images and chains, and create new images, in any installed format. What
 * differs between formats is asked of their {@link FormatDriver}.
 */
public final class DiskImages {
    public static final int MAX_CHAIN_DEPTH = 127;

    private final StorageFactory storage;
    private final FormatDrivers drivers;
    private final FormatContext context;
    private final boolean protectParents;

    public DiskImages() {
        this(StorageFactory.files(), Clock.systemUTC(), ParentPaths.forThisSystem());
    }

    public DiskImages(StorageFactory storage, Clock clock, ParentPaths paths) {
        this(storage, clock, paths, FormatDrivers.installed());
    }

    /** With other drivers than the installed ones: a format under development, in tests. */
    DiskImages(StorageFactory storage, Clock clock, ParentPaths paths, FormatDrivers drivers) {
        this(storage, drivers, new FormatContext(clock, paths, false), true);
    }

    private DiskImages(StorageFactory storage, FormatDrivers drivers, FormatContext context, boolean protectParents) {
        this.storage = storage;
        this.drivers = drivers;
        this.context = context;
        this.protectParents = protectParents;
    }

    /** A copy that refuses, rather than replays in memory, a read-only VHDX whose log is not empty. */
    public DiskImages refusingDirtyReadOnlyLogs() {
        return new DiskImages(storage, drivers, context.refusingUnfinishedWrites(), protectParents);
    }

    /**
     * A copy that opens parents for writing. Only for tests and tools that deliberately change a parent and
     * accept that its children become unusable.
     */
    public DiskImages allowingParentWrites() {
        return new DiskImages(storage, drivers, context, false);
    }

    FormatDrivers drivers() {
        return drivers;
    }

    FormatContext context() {
        return context;
    }

    public StorageFactory storage() {
        return storage;
    }

    /** Opens an image and every parent it links to. Only {@code path} itself is ever opened writable. */
    public Chain open(Path path, boolean writable) throws IOException {
        return open(path, writable, Durability.SAFE);
    }

    public Chain open(Path path, boolean writable, Durability durability) throws IOException {
        if (writable && protectParents) {
            // The chain is checked first, so a broken chain reports what is broken rather than who depends on it.
            // A dirty log is read in memory here, since the writable open below replays it in the file.
            DiskImages checker = new DiskImages(storage, drivers, context.finishingUnfinishedWrites(), protectParents);
            try (Chain ignored = checker.open(path, false, durability)) {
                refuseParentWrite(path);
            }
        }
        List<Layer> layers = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        try {
            Layer current = openUnguarded(path, writable, durability);
            layers.add(current);
            seen.add(identity(path));
            while (current.parentLink().isPresent()) {
                if (layers.size() > MAX_CHAIN_DEPTH) {
                    throw new ParentLinkException("the chain under " + path.getFileName() + " is deeper than "
                            + MAX_CHAIN_DEPTH + " links");
                }
                ParentLink link = current.parentLink().get();
                Path parentPath = locateParent(current, link);
                if (!seen.add(identity(parentPath))) {
                    throw new ParentLinkException("parent cycle: " + current.path().getFileName() + " links back to "
                            + parentPath.getFileName() + ", which is already in the chain");
                }
                Layer parent = openUnguarded(parentPath, false, Durability.SAFE);
                layers.add(parent);
                warnings.addAll(link.verify(parent));
                if (parent.logicalSectorSize() != current.logicalSectorSize()) {
                    throw new ParentLinkException("sector size mismatch: " + current.path().getFileName() + " uses "
                            + current.logicalSectorSize() + "-byte sectors but its parent " + parentPath.getFileName()
                            + " uses " + parent.logicalSectorSize());
                }
                current = parent;
            }
            return new Chain(layers, warnings);
        } catch (IOException | RuntimeException e) {
            closeQuietly(layers);
            throw e;
        }
    }

    private Path locateParent(Layer child, ParentLink link) throws ParentLinkException {
        Path folder = child.path().toAbsolutePath().getParent();
        Optional<Path> found = link.resolve(folder);
        if (found.isPresent()) {
            return found.get();
        }
        List<ParentLink.ParentCandidate> candidates = link.candidates(folder);
        String tried = candidates.isEmpty() ? "it records no usable path"
                : "tried " + candidates.stream().map(c -> c.source() + " " + c.path())
                .collect(Collectors.joining(", "));
        throw new ParentLinkException("parent of " + child.path().getFileName() + " not found: " + tried);
    }

    private static Object identity(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return key != null ? key : path.toRealPath();
    }

    private static void closeQuietly(List<Layer> layers) {
        for (Layer layer : layers) {
            try {
                layer.close();
            } catch (IOException ignored) {
                // The original failure matters more.
            }
        }
    }

    /** Opens one file without following its parent link. */
    public Layer openLayer(Path path, boolean writable, Durability durability) throws IOException {
        if (writable && protectParents && Files.exists(path)) {
            refuseParentWrite(path);
        }
        return openUnguarded(path, writable, durability);
    }

    private Layer openUnguarded(Path path, boolean writable, Durability durability) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        Storage file = storage.open(path, writable);
        try {
            return openStorage(file, durability);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Reads an image from already open storage; the layer takes ownership of it. */
    public Layer openStorage(Storage file, Durability durability) throws IOException {
        Path path = file.path();
        Optional<FormatDriver> named = drivers.byExtension(path);
        if (named.isPresent() && !named.get().hasSignature()) {
            return named.get().open(file, durability, context);
        }
        FormatDriver found = drivers.recognise(file).orElseThrow(() -> new InvalidImageException(path.getFileName()
                + " is not a " + drivers.signatureFormats() + " image: no signature found"));
        if (named.isPresent() && named.get() != found) {
            throw new InvalidImageException(path.getFileName() + " holds a " + found.format() + " image but is named ."
                    + named.get().format().extension() + "; Windows picks the format by extension, so rename it ."
                    + found.format().extension());
        }
        return found.open(file, durability, context);
    }

    /** A write to a parent changes it under its children, which then read garbage or refuse to open. */
    private void refuseParentWrite(Path path) throws IOException {
        String name = path.getFileName().toString();
        if (ReadOnlyMark.isMarked(path)) {
            throw new ProtectedImageException(name + " is marked read-only, as vhdboot marks parents: a write would"
                    + " make its children unusable; remove the mark yourself only if nothing depends on it");
        }
        Optional<Path> child = childBeside(path);
        if (child.isPresent()) {
            throw new ProtectedImageException(name + " is the parent of " + child.get().getFileName() + ": a write"
                    + " would make that child unusable");
        }
    }

    /** A differencing image in the same folder whose parent is {@code path}: where vhdboot keeps children. */
    public Optional<Path> childBeside(Path path) throws IOException {
        Path file = path.toAbsolutePath().normalize();
        Path folder = file.getParent();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path candidate : entries.filter(this::looksLikeImage).toList()) {
                if (candidate.equals(file) || candidate.getFileName().toString().contains(StagedFile.SUFFIX)) {
                    continue;
                }
                try (Layer layer = openUnguarded(candidate, false, Durability.SAFE)) {
                    Optional<ParentLink> link = layer.parentLink();
                    if (link.isPresent() && linksTo(link.get(), folder, file)) {
                        return Optional.of(candidate);
                    }
                } catch (IOException unreadable) {
                    // A file that cannot be read is not a child anything depends on.
                }
            }
        }
        return Optional.empty();
    }

    private static boolean linksTo(ParentLink link, Path folder, Path file) throws IOException {
        Optional<Path> parent = link.resolve(folder);
        return parent.isPresent() && Files.isSameFile(parent.get(), file);
    }

    private boolean looksLikeImage(Path path) {
        return Files.isRegularFile(path) && drivers.byExtension(path).isPresent();
    }

    /** Creates an empty image at {@code path}, in the format its extension names; the file appears complete or not at all. */
    public void create(Path path, ImageSpec spec) throws IOException {
        DiskFormat format = drivers.forPath(path).format();
        spec.validate(drivers.of(format));
        try (StagedFile staged = StagedFile.beside(path, storage)) {
            write(staged.storage(), format, spec);
            staged.commit(false);
        }
    }

    /** Writes a new empty image of {@code format} into {@code target}. */
    public void write(Storage target, DiskFormat format, ImageSpec spec) throws IOException {
        FormatDriver driver = drivers.of(format);
        spec.validate(driver);
        driver.create(target, spec, context);
    }

    /** Creates an empty differencing child of {@code parent}, like diskpart's {@code create vdisk parent=}. */
    public void createChild(Path child, Path parent) throws IOException {
        try (StagedFile staged = StagedFile.beside(child, storage)) {
            writeChild(staged, parent, ChildSpec.DEFAULTS);
            staged.commit(false);
        }
    }

    /**
     * Writes an empty child of {@code parentPath} into {@code staged}; the child will live at the staged
     * target, which decides its relative parent path. The parent's whole chain is opened read-only and checked first.
     */
    public void writeChild(StagedFile staged, Path parentPath, ChildSpec spec) throws IOException {
        writeChildInto(staged.storage(), staged.target(), parentPath, spec);
    }

    /** Writes an empty child of {@code parentPath} into {@code target}, as if it lived at {@code childPath}. */
    public void writeChildInto(Storage target, Path childPath, Path parentPath, ChildSpec spec) throws IOException {
        DiskFormat childFormat = drivers.forPath(childPath).format();
        // A parent's log must be replayed first: Windows could not replay it later without writing the parent.
        try (Chain parentChain = refusingDirtyReadOnlyLogs().open(parentPath, false)) {
            Layer parent = parentChain.top();
            if (parent.linkId().isEmpty()) {
                throw new UnsupportedFormatException("a " + parent.format().name().toLowerCase(Locale.ROOT)
                        + " file cannot be a parent; convert it to .vhdx first");
            }
            if (parent.format() != childFormat) {
                throw new UnsupportedFormatException("a ." + childFormat.extension() + " child cannot have a ."
                        + parent.format().extension() + " parent; use the parent's format for the child");
            }
            drivers.of(childFormat).createChild(target, childPath, parent, spec, context);
        }
    }
}
