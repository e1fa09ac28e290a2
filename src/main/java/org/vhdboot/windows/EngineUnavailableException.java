package org.vhdboot.windows;

/** The disk engine asked for cannot be used here. */
public class EngineUnavailableException extends Exception {

    public enum Reason {
        /** The engine does not exist on this operating system: a usage error. */
        NOT_ON_THIS_SYSTEM,
        /** The engine exists but failed to load. */
        FAILED_TO_LOAD
    }

    private final Reason reason;

    public EngineUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
