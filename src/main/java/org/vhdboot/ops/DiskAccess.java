package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ChainReport;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskEngine;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.ImageConverter;
import org.vhdboot.disk.ImageMerger;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.JavaDiskEngine;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.LayerExport;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.ParentRelink;
import org.vhdboot.disk.ProgressListener;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.layout.OperationException;
import org.vhdboot.windows.DiskEngineSelector;
import org.vhdboot.windows.EngineChoice;
import org.vhdboot.windows.EngineMode;
import org.vhdboot.windows.EngineUnavailableException;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.Platforms;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The one way the use cases reach images. The engine, chosen once per command by {@link #choose}, makes and
 * describes the files a layout changes; reading and checking always go through vhdboot's own engine, which
 * validates every structure it reads and never writes a parent.
 */
public final class DiskAccess {
    private final DiskImages images;
    private final DiskEngine engine;
    private final Optional<String> engineFallback;

    private DiskAccess(DiskImages images, DiskEngine engine, Optional<String> engineFallback) {
        this.images = images;
        this.engine = engine;
        this.engineFallback = engineFallback;
    }

    /** vhdboot's own engine, with the world's I/O step hook on every write. */
    public static DiskImages images(OutsideWorld world) {
        return new DiskImages(new StorageFactory(world.get(IoStepHook.class)), world.get(Clock.class),
                ParentPaths.forThisSystem());
    }

    /**
     * The engine for {@code --engine auto|java|virtdisk}: virtdisk.dll on Windows where it loads, the Java engine
     * elsewhere. With an I/O step hook (crash tests) or a platform that only plays Windows, always the Java engine,
     * whose every step the hook sees.
     */
    public static DiskAccess choose(String engineMode, OutsideWorld world) throws OperationException {
        EngineMode mode;
        try {
            mode = EngineMode.parse(engineMode);
        } catch (IllegalArgumentException e) {
            throw new OperationException(OperationException.Kind.USAGE, e.getMessage());
        }
        DiskImages images = images(world);
        boolean hooked = world.get(IoStepHook.class) != IoStepHook.NONE;
        if (hooked || !(world.get(Platform.class).isWindows() && Platforms.runningOnWindows())) {
            if (mode == EngineMode.VIRTDISK && !Platforms.runningOnWindows()) {
                throw new OperationException(OperationException.Kind.USAGE, "--engine virtdisk needs Windows;"
                        + " use --engine java or auto");
            }
            return new DiskAccess(images, new JavaDiskEngine(images), Optional.empty());
        }
        try {
            EngineChoice choice = DiskEngineSelector.forThisSystem(images).select(mode);
            return new DiskAccess(images, choice.engine(), choice.fallbackReason());
        } catch (EngineUnavailableException e) {
            throw new OperationException(e.reason() == EngineUnavailableException.Reason.NOT_ON_THIS_SYSTEM
                    ? OperationException.Kind.USAGE : OperationException.Kind.PRECONDITION, e.getMessage(), e);
        }
    }

    /** {@code java} or {@code virtdisk}. */
    public String engineName() {
        return engine.name();
    }

    /** Why the preferred engine could not be used, when it could not. */
    public Optional<String> engineFallback() {
        return engineFallback;
    }

    /** An empty, durable differencing child of {@code parent} at {@code child}, made by the engine. */
    public void createChild(Path child, Path parent, ChildSpec spec) throws IOException {
        engine.createChild(child, parent, spec);
    }

    /** One file described by the engine (not its chain). */
    public LayerInfo info(Path image) throws IOException {
        return engine.info(image);
    }

    /** A new image; {@code vhdboot demo} builds its golden parent this way. */
    public void create(Path image, ImageSpec spec) throws IOException {
        images.create(image, spec);
    }

    /** The chain of {@code image}; only its top can be writable, parents are always read-only. */
    public Chain open(Path image, boolean writable) throws IOException {
        return images.open(image, writable);
    }

    /** The chain of {@code image}, read-only, refusing a VHDX whose log would have to be replayed in memory. */
    public Chain openRefusingDirtyLogs(Path image) throws IOException {
        return images.refusingDirtyReadOnlyLogs().open(image, false);
    }

    /** One file, read-only, without its parents. */
    public Layer openLayer(Path image) throws IOException {
        return images.openLayer(image, false, Durability.SAFE);
    }

    /** What {@code vhd info} shows of {@code image}'s chain, even when it is broken. */
    public ChainReport inspect(Path image) throws IOException {
        return ChainReport.inspect(images, image, false);
    }

    /**
     * Copies into {@code child} the sectors its parent {@code parent} defines where the child defines none, keeping
     * what it reads and the identity its own children link to; returns the bytes written.
     */
    public long mergeDown(Path child, Path parent, ProgressListener progress) throws IOException {
        return new ImageMerger(images).mergeDown(child, parent, progress);
    }

    /**
     * Points {@code child} at {@code newParent} in one atomic metadata update; false when its file already did, so
     * nothing was written.
     */
    public boolean relink(Path child, Path newParent, ChildSpec spec) throws IOException {
        return new ParentRelink(images).relink(child, newParent, spec);
    }

    /** Finishes a relink of {@code child} to {@code newParent} a crash interrupted; nothing when none was. */
    public void finishRelink(Path child, Path newParent) throws IOException {
        new ParentRelink(images).finishInterrupted(child, newParent);
    }

    /** Replays a VHDX log left in {@code image} into the file; nothing for a VHD or an empty log. */
    public void replayLog(Path image) throws IOException {
        if (DiskFormat.fromPath(image) != DiskFormat.VHDX) {
            return;
        }
        images.allowingParentWrites().openLayer(image, true, Durability.SAFE).close();
    }

    /** Virtual-disk bytes one file stores itself, in whole blocks, from its allocation table ({@link Layer#storedBytes}). */
    public long storedBytes(Path image) throws IOException {
        try (Layer layer = openLayer(image)) {
            return layer.storedBytes();
        }
    }

    /** An image beside {@code image} that names it as its parent. */
    public Optional<Path> childBeside(Path image) throws IOException {
        return images.childBeside(image);
    }

    /**
     * Writes into {@code target}, an empty child of {@code base}, every sector the layers above {@code base} in
     * {@code top}'s chain define; returns the bytes written.
     */
    public long exportLayers(Path top, Path base, Path target) throws IOException {
        return new LayerExport(images).export(top, base, target);
    }

    /** {@code source}'s chain as one standalone dynamic image at {@code target}, which appears only when complete. */
    public void flatten(Path source, Path target, ProgressListener progress) throws IOException {
        new ImageConverter(images).convert(source, target, DiskType.DYNAMIC, progress);
    }
}
