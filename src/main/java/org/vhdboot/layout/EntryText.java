package org.vhdboot.layout;

import java.util.Optional;

/**
 * Text that becomes part of a bcdedit argument: an entry's menu description, the boot folder in its {@code vhd=}
 * element. A quote would end the argument, a line break the command; one rule for both, on every read of the ini.
 */
public final class EntryText {
    private EntryText() {
    }

    /** Why {@code text} cannot go into a boot entry, or empty when it can. */
    public static Optional<String> problem(String text) {
        return text.chars().anyMatch(c -> c < 32 || c == '"')
                ? Optional.of("holds a double quote or a control character, which no boot entry can carry")
                : Optional.empty();
    }
}
