package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Files;

/**
 * A write the disk refused in the middle of a changing command: full, over a quota, or failing. The JDK reports it
 * as a bare {@link IOException} holding the system's words alone ("No space left on device"), which say neither
 * which command stopped nor whether anything is left half done; the journal tells the second.
 */
final class RefusedWrite {
    private RefusedWrite() {
    }

    /**
     * Throws {@code failure} explained when it is such a refusal, after the command's own recovery ran; returns
     * otherwise, and the caller rethrows it as it is (the file system's own exceptions name their file already).
     */
    static void rethrowExplained(Exception failure, String command, Layout layout) throws IOException {
        if (failure.getClass() != IOException.class) {
            return;
        }
        boolean halfDone = Files.exists(OperationJournal.path(layout.folder()));
        throw new IOException(command + " stopped: " + failure.getMessage() + (halfDone
                ? "; nothing is lost: what it began is journalled, and running it again once the disk has room"
                + " finishes it"
                : "; nothing is lost or left half done (`vhdboot status` shows where it stands)"), failure);
    }
}
