package org.vhdboot.layout;

import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.disk.io.Storage;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.files.KeptFile;
import org.vhdboot.oci.TransferListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * The file-system steps of the use cases, each announced to the {@link IoStepHook} first so crash tests can
 * stop an operation after any one of them. Replacing a file is always: temporary file, fsync, rename, fsync
 * the folder.
 */
public final class FileSteps {
    private final IoStepHook hook;

    public FileSteps(IoStepHook hook) {
        this.hook = hook;
    }

    /** Replaces {@code target}'s content atomically: readers see the old bytes or the new, never a mix. */
    public void writeAtomically(Path target, byte[] content) throws IOException {
        KeptFile.requireFileOrAbsent(target);
        try (StagedFile staged = StagedFile.beside(target, new StorageFactory(hook))) {
            staged.storage().writeBytes(0, content);
            staged.commit(true);
        }
    }

    /** An atomic rename, then a flush of the folder so the rename survives power loss. */
    public void move(Path from, Path to, boolean replaceExisting) throws IOException {
        KeptFile.requireFileOrAbsent(to);
        StagedFile.renameDurably(from, to, replaceExisting, hook);
    }

    /**
     * Copies {@code from} into a new file {@code to} (replacing a leftover), in 4 MiB writes, and makes it durable;
     * every byte read also goes into {@code digest}, and {@code listener} hears how far the copy got.
     *
     * @return the bytes copied
     */
    public long copy(Path from, Path to, MessageDigest digest, TransferListener listener) throws IOException {
        delete(to);
        ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
        long copied = 0;
        try (FileChannel source = FileChannel.open(from, StandardOpenOption.READ);
             Storage target = new StorageFactory(hook).create(to)) {
            long size = source.size();
            for (int n; (n = source.read(buffer.clear())) > 0; ) {
                buffer.flip();
                digest.update(buffer.duplicate());
                target.write(copied, buffer);
                copied += n;
                listener.progress(copied, size);
            }
            target.force();
        }
        return copied;
    }

    /**
     * Gives {@code existing} the second name {@code link} (a hard link), durably; false when the file system has no
     * hard links, so the caller can fall back on a rename.
     */
    public boolean link(Path existing, Path link) throws IOException {
        hook.beforeStep(IoStepHook.Step.CREATE, link, 0, 0);
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                throw (IOException) e;
            }
            return false;
        }
        StagedFile.flushDirectory(link.toAbsolutePath().getParent(), hook);
        return true;
    }

    /** Deletes a file vhdboot made; a folder, a pipe or a device planted under its name is refused, never deleted. */
    public void delete(Path file) throws IOException {
        KeptFile.requireFileOrAbsent(file);
        if (Files.exists(file)) {
            hook.beforeStep(IoStepHook.Step.DELETE, file, 0, 0);
            Files.delete(file);
            StagedFile.flushDirectory(file.toAbsolutePath().getParent(), hook);
        }
    }
}
