package org.vhdboot.layout;

import java.util.Locale;
import java.util.Optional;

/** The two children of a layout: Current for daily use, Recovery for maintenance. */
public enum Role {
    CURRENT("Current"),
    RECOVERY("Recovery");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** {@code Current} or {@code Recovery}, as in file names and boot menu text. */
    public String label() {
        return label;
    }

    /** {@code current} or {@code recovery}, as on the command line, in the ini and in JSON. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The child to boot while this one is being replaced. */
    public Role other() {
        return this == CURRENT ? RECOVERY : CURRENT;
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.key().equalsIgnoreCase(text.strip())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
