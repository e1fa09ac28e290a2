package org.vhdboot.disk;

import java.util.Optional;

/**
 * Options for a new differencing child; everything else is copied from the parent.
 *
 * @param blockSize bytes per block, or 0 for the default (2 MiB for a VHDX child, the parent's for VHD)
 * @param volumePath the parent's {@code \\?\Volume{GUID}\...} path when the caller knows it (Windows only)
 * @param windowsFolder the parent's folder as Windows will see it (e.g. {@code C:\VHD}), for children made
 *                      outside Windows; the absolute locators then name a path Windows can use
 */
public record ChildSpec(long blockSize, Optional<String> volumePath, Optional<String> windowsFolder) {
    public static final ChildSpec DEFAULTS = new ChildSpec(0, Optional.empty(), Optional.empty());

    public ChildSpec(long blockSize, Optional<String> volumePath) {
        this(blockSize, volumePath, Optional.empty());
    }

    public static ChildSpec forWindowsFolder(Optional<String> folder) {
        return new ChildSpec(0, Optional.empty(), folder);
    }
}
