package org.vhdboot.disk;

import java.util.Optional;

/**
 * Options for a new differencing child; everything else is copied from the parent.
 *
 * @param blockSize bytes per block, or 0 for the default (2 MiB for a VHDX child, the parent's for VHD)
 * @param volumePath the parent's {@code \\?\Volume{GUID}\...} path when the caller knows it (Windows only)
 */
public record ChildSpec(long blockSize, Optional<String> volumePath) {
    public static final ChildSpec DEFAULTS = new ChildSpec(0, Optional.empty());
}
