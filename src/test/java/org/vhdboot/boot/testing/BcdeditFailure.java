package org.vhdboot.boot.testing;

/** A bcdedit-style failure: the key of a message in the console's language, and exit code 1. */
final class BcdeditFailure extends RuntimeException {
    final String key;

    BcdeditFailure(String key) {
        super(key, null, false, false);
        this.key = key;
    }
}
