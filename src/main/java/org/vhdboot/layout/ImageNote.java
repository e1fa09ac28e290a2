package org.vhdboot.layout;

import org.vhdboot.oci.VersionLayer;

/**
 * The note a version or snapshot keeps in {@code vhdboot.ini}: no longer than a published version may carry, so a
 * push never has to cut it, and so notes alone can never grow the ini past what vhdboot reads back.
 */
public final class ImageNote {
    private ImageNote() {
    }

    /** Refuses (USAGE) a note longer than that, before anything changes; null is no note. */
    public static void check(String note, String what) throws OperationException {
        if (note != null && note.length() > VersionLayer.MAX_NOTE) {
            throw new OperationException(OperationException.Kind.USAGE, "a " + what + "'s note is at most "
                    + VersionLayer.MAX_NOTE + " characters; this one has " + note.length());
        }
    }
}
