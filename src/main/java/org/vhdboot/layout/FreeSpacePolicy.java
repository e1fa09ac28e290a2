package org.vhdboot.layout;

import java.util.Locale;

/**
 * What reset does when the host volume could not hold a child expanded to its full virtual size, which native
 * boot does unless the image sets VirtualDiskExpandOnMount=4.
 */
public enum FreeSpacePolicy {
    WARN,
    REFUSE,
    IGNORE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FreeSpacePolicy parse(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
