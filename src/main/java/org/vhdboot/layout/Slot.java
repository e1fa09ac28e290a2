package org.vhdboot.layout;

import java.util.Locale;
import java.util.Optional;

/**
 * The two places Current can live (issue 14's A/B slots): slot {@code a} is the layout's {@code NAME-Current.EXT}
 * with its boot entry, slot {@code b} ({@code NAME-Current-B.EXT}) is made by the first {@code image switch}. One of
 * them is active: the default boot entry, the one {@code reset}, snapshots and the nightly cycle act on. A switch
 * prepares the other one.
 */
public enum Slot {
    A(""), B("-B");

    private final String fileSuffix;

    Slot(String fileSuffix) {
        this.fileSuffix = fileSuffix;
    }

    /** {@code a} or {@code b}, as in {@code [active] slot} and JSON. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The ini section holding the slot: {@code [current]} for a, as in version 1, and {@code [current.b]}. */
    public String section() {
        return this == A ? Role.CURRENT.key() : Role.CURRENT.key() + "." + key();
    }

    /** {@code NAME-Current.EXT} or {@code NAME-Current-B.EXT}: derived from the layout, never read. */
    public String fileFor(Layout layout) {
        return layout.name() + "-" + Role.CURRENT.label() + fileSuffix + "." + layout.format().extension();
    }

    /** How status and the agent name a running slot that is not the active one: {@code slot-a}, {@code slot-b}. */
    public String runningKey() {
        return "slot-" + key();
    }

    public Slot other() {
        return this == A ? B : A;
    }

    public static Optional<Slot> parse(String text) {
        for (Slot slot : values()) {
            if (slot.key().equalsIgnoreCase(text.strip())) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }
}
