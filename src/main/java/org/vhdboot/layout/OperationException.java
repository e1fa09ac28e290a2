package org.vhdboot.layout;

/** An operation refused or failed for a reason the user can act on; the kind decides the exit code. */
public class OperationException extends Exception {

    public enum Kind {
        /** The situation does not allow it: target in use, no space, files in the way, a broken layout. */
        PRECONDITION,
        /** The layout's parent is missing, unusable or was modified, or a child the layout names links elsewhere. */
        PARENT,
        /** Another vhdboot operation holds the layout's lock. */
        BUSY,
        /** The boot store (bcdedit) failed. */
        BOOT_STORE,
        /** The process lacks administrator rights. */
        NOT_ELEVATED,
        /** The user declined, or confirmation was needed where nobody could answer. */
        DECLINED,
        /** The options make no sense together. */
        USAGE
    }

    private final Kind kind;

    public OperationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public OperationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
