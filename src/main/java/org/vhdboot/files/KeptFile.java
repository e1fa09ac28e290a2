package org.vhdboot.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens a file vhdboot keeps under a name of its own. Something else planted under that name is refused before it
 * is opened: opening a pipe waits for its other end forever (the agent's night with it), and a folder or a device
 * holds nothing of vhdboot's.
 */
public final class KeptFile {
    private KeptFile() {
    }

    /** Opens {@code file} as {@link FileChannel#open(Path, OpenOption...)} does, once it is a regular file or absent. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        requireFileOrAbsent(file);
        return FileChannel.open(file, options);
    }

    /** Fails when something other than a regular file (or a link to one) lies at {@code file}. */
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
            throw new NotAFileException(file, attributes.isDirectory());
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
