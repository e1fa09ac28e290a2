package org.vhdboot.oci;

import org.vhdboot.files.KeptFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable replacement of a file: write a temporary beside it, flush, rename over, flush the folder. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    static void write(Path target, Path temporary, byte[] content) throws IOException {
        try (FileChannel channel = KeptFile.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        move(temporary, target);
    }

    /** Renames a flushed temporary file over {@code target} in one step, then flushes the folder. */
    static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temporary.getFileName() + " over " + target.getFileName()
                    + " in one step on this file system", e);
        }
        flushFolder(target.toAbsolutePath().getParent());
    }

    /** Makes a rename durable on Linux; Windows cannot open a folder this way and NTFS journals renames itself. */
    static void flushFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not possible here (Windows, some network shares): the rename is as durable as the platform makes it.
        }
    }
}
