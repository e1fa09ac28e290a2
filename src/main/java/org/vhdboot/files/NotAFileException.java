package org.vhdboot.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A folder, a pipe, a device or a link lies where vhdboot keeps a file of its own: it is refused, never opened. A plain
 * {@link IOException} with the whole sentence as its message, so every place that prints a failure shows it as it is.
 */
public final class NotAFileException extends IOException {
    NotAFileException(Path file, String what) {
        super(file + " is " + what + " where vhdboot keeps a file of its own; move it away and run the command again");
    }
}
