package org.vhdboot.layout;

import org.vhdboot.oci.VersionLayer;

/**
 * The note a version or snapshot keeps in {@code vhdboot.ini}: no longer than a published version may carry, so a
 * push never has to cut it, and so notes alone can never grow the ini past what vhdboot reads back.
 */
public final class ImageNote {
    private ImageNote() {
    }

    /** {@code note} (null for none) if it is short enough; a USAGE refusal otherwise, before anything changes. */
    public static String check(String note, String what) throws OperationException {
        if (note != null && note.length() > VersionLayer.MAX_NOTE) {
            throw new OperationException(OperationException.Kind.USAGE, "a " + what + "'s note is at most "
                    + VersionLayer.MAX_NOTE + " characters; this one has " + note.length());
        }
        return note;
    }
}
