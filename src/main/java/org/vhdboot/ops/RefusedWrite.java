package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * A write the disk refused in the middle of a changing command: full, over a quota, or failing. The JDK reports it
 * as a bare {@link IOException} holding the system's words alone ("No space left on device"), which say neither
 * which command stopped nor whether anything is left half done; the journal tells the second.
 */
final class RefusedWrite {
    private RefusedWrite() {
    }

    /**
     * Throws {@code failure} explained when it is such a refusal, after the command's own recovery ran, with what
     * the journal says is left; returns otherwise, and the caller rethrows it as it is.
     */
    static void rethrowExplained(Exception failure, String command, Layout layout) throws IOException {
        if (isRefusal(failure)) {
            throw explained((IOException) failure, command, whatIsLeft(layout));
        }
    }

    /** {@code failure} explained when it is such a refusal: {@code COMMAND stopped: REASON; WHAT_IS_LEFT}. */
    static IOException explained(IOException failure, String command, String whatIsLeft) {
        return isRefusal(failure) ? new IOException(command + " stopped: " + failure.getMessage() + "; " + whatIsLeft,
                failure) : failure;
    }

    /** The file system's own exceptions name their file, and a registry's say enough already. */
    private static boolean isRefusal(Exception failure) {
        return failure.getClass() == IOException.class;
    }

    private static String whatIsLeft(Layout layout) {
        if (!Files.exists(OperationJournal.path(layout.folder()))) {
            return "nothing is lost or left half done (`vhdboot status` shows where it stands)";
        }
        Optional<String> finishedBy;
        try {
            Layout now = LayoutFile.load(layout.iniPath());
            finishedBy = OperationJournal.read(now).map(journal -> journal.finishedBy(now));
        } catch (IOException | OperationException | RuntimeException e) {
            finishedBy = Optional.empty(); // the generic advice below is true of any journal
        }
        return "nothing is lost: what it began is journalled, and " + finishedBy
                .orElse("`vhdboot finish` finishes or undoes it") + " once the disk has room";
    }
}
