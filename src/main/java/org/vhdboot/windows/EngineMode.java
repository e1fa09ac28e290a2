package org.vhdboot.windows;

import java.util.Locale;

/** The {@code --engine} option: which disk engine does the work. */
public enum EngineMode {
    /** virtdisk on Windows, java elsewhere or when virtdisk cannot be loaded. */
    AUTO,
    JAVA,
    VIRTDISK;

    public static EngineMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown engine '" + value + "': use auto, java or virtdisk");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
