package org.vhdboot.disk.io;

import org.vhdboot.files.KeptFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file written under a temporary name beside its target and renamed into place only when complete:
 * write, fsync, atomic rename, fsync the folder. Closing it without {@link #commit} removes the temporary
 * file, so readers only ever see the old file or the complete new one.
 */
public final class StagedFile implements AutoCloseable {
    public static final String SUFFIX = ".vhdboot-tmp";

    private final Path target;
    private final Path temporary;
    private final StorageFactory factory;
    private Storage storage;
    private boolean committed;

    private StagedFile(Path target, StorageFactory factory) {
        this.target = target.toAbsolutePath();
        this.temporary = temporaryFor(this.target);
        this.factory = factory;
    }

    /**
     * The temporary name used for {@code target}: {@code NAME.vhdboot-tmp.EXT}, keeping the extension that
     * tells tools the format. Fixed, so a rerun after a crash finds and replaces it.
     */
    public static Path temporaryFor(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return target.resolveSibling(stem + SUFFIX + extension);
    }

    public static StagedFile beside(Path target, StorageFactory factory) throws IOException {
        StagedFile staged = new StagedFile(target, factory);
        Path folder = staged.target.getParent();
        if (!Files.isDirectory(folder)) {
            throw new IOException("cannot create " + staged.target.getFileName() + ": the folder " + folder
                    + " does not exist");
        }
        // A leftover file from an interrupted run is ours and incomplete; anything else planted there is refused.
        KeptFile.requireFileOrAbsent(staged.temporary);
        if (Files.deleteIfExists(staged.temporary)) {
            factory.hook().beforeStep(IoStepHook.Step.DELETE, staged.temporary, 0, 0);
        }
        staged.storage = factory.create(staged.temporary);
        return staged;
    }

    public Path target() {
        return target;
    }

    public Path temporary() {
        return temporary;
    }

    public Storage storage() {
        return storage;
    }

    /**
     * Makes the new file durable and moves it over the target.
     *
     * @param replaceExisting whether an existing target may be replaced; when false an existing target is an error
     */
    public void commit(boolean replaceExisting) throws IOException {
        storage.force();
        storage.close();
        renameDurably(temporary, target, replaceExisting, factory.hook());
        committed = true;
    }

    /**
     * Renames {@code from} to {@code to} in one step, then makes the rename durable.
     *
     * @param replaceExisting whether an existing {@code to} may be replaced; when false it is an error
     */
    public static void renameDurably(Path from, Path to, boolean replaceExisting, IoStepHook hook) throws IOException {
        if (!replaceExisting && Files.exists(to)) {
            throw new FileAlreadyExistsException(to.toString(), null, "already exists");
        }
        hook.beforeStep(IoStepHook.Step.RENAME, to, 0, 0);
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from.getFileName() + " over " + to.getFileName()
                    + " atomically on this file system", e);
        }
        flushDirectory(to.toAbsolutePath().getParent(), hook);
    }

    /** Makes a rename in {@code folder} durable. Windows has no folder handle to flush; NTFS journals renames. */
    public static void flushDirectory(Path folder, IoStepHook hook) throws IOException {
        hook.beforeStep(IoStepHook.Step.DIRECTORY_FLUSH, folder, 0, 0);
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            storage.close();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
