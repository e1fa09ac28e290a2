package org.vhdboot.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Opens a file vhdboot keeps under a name of its own. Something else planted under that name is refused before it
 * is opened: opening a pipe waits for its other end forever (the agent's night with it), a folder or a device holds
 * nothing of vhdboot's, and writing through a link would write where the link points, outside the layout folder,
 * with the agent's rights.
 */
public final class KeptFile {
    private KeptFile() {
    }

    /**
     * Opens {@code file} as {@link FileChannel#open(Path, OpenOption...)} does, once it is a regular file or absent,
     * and never through a link, for a file vhdboot writes in place (a lock, a log, a script, a download).
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        requireOwnFileOrAbsent(file);
        OpenOption[] unlinked = Arrays.copyOf(options, options.length + 1);
        unlinked[options.length] = LinkOption.NOFOLLOW_LINKS; // and none planted between the check and the open
        return FileChannel.open(file, unlinked);
    }

    /** Writes all of {@code content} to {@code file}, opened as {@link #open} does with {@code options}. */
    public static void write(Path file, byte[] content, OpenOption... options) throws IOException {
        try (FileChannel channel = open(file, options)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** Fails when a link, a folder, a pipe or a device lies at {@code file}: for one written in place. */
    public static void requireOwnFileOrAbsent(Path file) throws NotAFileException {
        if (Files.isSymbolicLink(file)) {
            throw new NotAFileException(file, "a link");
        }
        requireFileOrAbsent(file);
    }

    /**
     * Fails when something other than a regular file (or a link to one) lies at {@code file}: for one only read, or
     * replaced or removed by its name, which never writes through a link.
     */
    public static void requireFileOrAbsent(Path file) throws NotAFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException absent) {
            return;
        } catch (IOException unreadable) {
            return; // opening it reports the real cause (permission denied, say) in the system's words
        }
        if (!attributes.isRegularFile()) {
            throw new NotAFileException(file, attributes.isDirectory() ? "a folder" : "a pipe or a device");
        }
    }

    /** Whether something other than a regular file lies at {@code file}: for those that report it instead. */
    public static boolean isSomethingElse(Path file) {
        try {
            requireFileOrAbsent(file);
            return false;
        } catch (NotAFileException e) {
            return true;
        }
    }
}
