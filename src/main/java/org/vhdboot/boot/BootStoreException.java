package org.vhdboot.boot;

/** The boot store refused or failed a command; the message carries bcdedit's own words. */
public class BootStoreException extends Exception {
    public BootStoreException(String message) {
        super(message);
    }

    public BootStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
