package org.vhdboot.ops;

import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.StagedFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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

    public IoStepHook hook() {
        return hook;
    }

    /** Replaces {@code target}'s content atomically: readers see the old bytes or the new, never a mix. */
    public void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = StagedFile.temporaryFor(target);
        hook.beforeStep(IoStepHook.Step.CREATE, temporary, 0, 0);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            hook.beforeStep(IoStepHook.Step.WRITE, temporary, 0, content.length);
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            hook.beforeStep(IoStepHook.Step.FLUSH, temporary, 0, 0);
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        move(temporary, target, true);
    }

    /** An atomic rename, then a flush of the folder so the rename survives power loss. */
    public void move(Path from, Path to, boolean replaceExisting) throws IOException {
        hook.beforeStep(IoStepHook.Step.RENAME, to, 0, 0);
        if (replaceExisting) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            if (Files.exists(to)) {
                throw new java.nio.file.FileAlreadyExistsException(to.toString());
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        StagedFile.flushDirectory(to.toAbsolutePath().getParent(), hook);
    }

    public void delete(Path file) throws IOException {
        if (Files.exists(file)) {
            hook.beforeStep(IoStepHook.Step.DELETE, file, 0, 0);
            Files.delete(file);
            StagedFile.flushDirectory(file.toAbsolutePath().getParent(), hook);
        }
    }
}
