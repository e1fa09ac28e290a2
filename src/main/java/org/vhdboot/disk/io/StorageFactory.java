package org.vhdboot.disk.io;

import org.vhdboot.disk.InvalidImageException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens and creates the files under images, so that tests can observe or interrupt every I/O step. */
public final class StorageFactory {
    private final IoStepHook hook;

    public StorageFactory(IoStepHook hook) {
        this.hook = hook;
    }

    public static StorageFactory files() {
        return new StorageFactory(IoStepHook.NONE);
    }

    public IoStepHook hook() {
        return hook;
    }

    public Storage open(Path path, boolean writable) throws IOException {
        requireImageFile(path);
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        return new FileStorage(path, channel, writable, hook);
    }

    /**
     * Fails unless {@code path} is a regular file: opening a pipe would wait for a writer forever, and a folder or a
     * device is no image.
     */
    public static void requireImageFile(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new InvalidImageException(path.getFileName() + " is a folder, not an image file");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidImageException(path.getFileName() + " is not a regular file (a pipe or a device), so"
                    + " not an image");
        }
    }

    /**
     * Creates a new, empty file. Never SPARSE: Windows refuses to boot an image stored in a sparse file.
     */
    public Storage create(Path path) throws IOException {
        if (Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString(), null, "already exists");
        }
        hook.beforeStep(IoStepHook.Step.CREATE, path, 0, 0);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new FileStorage(path, channel, true, hook);
    }
}
