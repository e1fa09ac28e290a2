package org.vhdboot.layout;

import org.vhdboot.files.KeptFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code vhdboot.lock} beside the layout, so two operations (two resets, a reset and a
 * scheduled tick) never race. The operating system releases it when the process dies, so a killed reset
 * never leaves a stale lock behind.
 */
public final class LayoutLock implements AutoCloseable {
    public static final String FILE_NAME = "vhdboot.lock";
    /** Serializes agent ticks, which take the layout lock themselves when they reset. */
    public static final String AGENT_FILE_NAME = "vhdboot.agent.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private LayoutLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static LayoutLock acquire(Path folder, String operation) throws IOException, OperationException {
        return acquire(folder, operation, FILE_NAME);
    }

    public static LayoutLock acquire(Path folder, String operation, String fileName) throws IOException, OperationException {
        Path file = folder.resolve(fileName);
        FileChannel channel = KeptFile.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            // A byte far past the note, so on Windows, where locks are mandatory, the note stays readable.
            lock = channel.tryLock(Long.MAX_VALUE / 2, 1, false);
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = describeHolder(file);
            channel.close();
            throw new OperationException(OperationException.Kind.BUSY, "busy: another vhdboot operation is running on"
                    + " this layout" + holder + "; wait for it to finish and try again");
        }
        String note = ProcessHandle.current().pid() + " " + operation + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)), 0);
        return new LayoutLock(channel, lock);
    }

    /**
     * Whether another operation holds the layout's lock now, asked without taking it for longer than the
     * question and without creating or writing the file: for status, which changes nothing.
     */
    public static boolean heldByAnother(Path folder) {
        return heldByAnother(folder, FILE_NAME);
    }

    /** The same question of another of the layout's locks ({@code fileName}), such as the transfer lock. */
    public static boolean heldByAnother(Path folder, String fileName) {
        Path file = folder.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(Long.MAX_VALUE / 2, 1, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String describeHolder(Path file) {
        try {
            String[] note = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ", 2);
            return note.length == 2 ? " (" + note[1] + ", process " + note[0] + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
