package org.vhdboot.cli;

import org.vhdboot.oci.Printable;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/** Turns a failure into the one line a user sees: what went wrong, with the file it concerns. */
final class FailureMessage {
    private FailureMessage() {
    }

    static String of(Throwable failure) {
        return oneLine(describe(failure));
    }

    /**
     * One line whatever a file name or message holds: control characters (a newline in a name, say) and
     * bidirectional overrides escaped, as in vhdboot.log.
     */
    static String oneLine(String text) {
        return Printable.escaped(text);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof NoSuchFileException) {
            return ((NoSuchFileException) failure).getFile() + ": no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return ((AccessDeniedException) failure).getFile() + ": permission denied";
        }
        if (failure instanceof NotDirectoryException) {
            return ((NotDirectoryException) failure).getFile() + ": not a folder";
        }
        if (failure instanceof FileAlreadyExistsException) {
            FileAlreadyExistsException e = (FileAlreadyExistsException) failure;
            // Said once, even when the reason says it again.
            String reason = e.getReason();
            boolean more = reason != null && !reason.toLowerCase(Locale.ROOT).contains("already exists");
            return e.getFile() + ": already exists" + (more ? " (" + reason + ")" : "");
        }
        if (failure instanceof FileSystemException) {
            FileSystemException e = (FileSystemException) failure;
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            return (e.getFile() != null ? e.getFile() + ": " : "") + reason;
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        message = message.lines().findFirst().orElse(message);
        if (failure instanceof VirtualMachineError) {
            // Out of memory or stack: the input needed more than vhdboot allows itself, or a bug.
            return "internal error: " + failure.getClass().getSimpleName() + ": " + message
                    + " (set VHDBOOT_DEBUG=1 for details)";
        }
        if (failure instanceof RuntimeException || failure instanceof Error) {
            return "internal error: " + message + " (set VHDBOOT_DEBUG=1 for details)";
        }
        return message;
    }
}
