package org.vhdboot.files;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** A folder, a pipe or a device lies where vhdboot keeps a file of its own: it is refused, never opened. */
public final class NotAFileException extends FileSystemException {
    private final boolean folder;

    NotAFileException(Path file, boolean folder) {
        super(file.toString());
        this.folder = folder;
    }

    @Override
    public String getMessage() {
        return getFile() + " is " + (folder ? "a folder" : "a pipe or a device") + " where vhdboot keeps a file of"
                + " its own; move it away and run the command again";
    }
}
