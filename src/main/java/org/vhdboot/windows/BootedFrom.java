package org.vhdboot.windows;

import java.util.Optional;

/**
 * The answer to "which layout child is the running OS on?".
 *
 * @param nativeVhdBoot whether the running OS booted natively from a virtual disk at all
 * @param role the matching child's role (e.g. {@code current}), empty when it is none of them
 * @param bootedFile the backing file as the OS reported it, when it booted from one
 * @param evidence how this was found, e.g. "storage dependency" or "bcdedit /enum {current}"
 */
public record BootedFrom(boolean nativeVhdBoot, Optional<String> role, Optional<String> bootedFile, String evidence) {

    public static BootedFrom notVirtual(String evidence) {
        return new BootedFrom(false, Optional.empty(), Optional.empty(), evidence);
    }

    /** Booted from the layout child {@code role}. */
    public static BootedFrom child(String role, String bootedFile, String evidence) {
        return new BootedFrom(true, Optional.of(role), Optional.of(bootedFile), evidence);
    }

    /** Booted from a virtual disk that is none of the layout's children. */
    public static BootedFrom otherDisk(String bootedFile, String evidence) {
        return new BootedFrom(true, Optional.empty(), Optional.of(bootedFile), evidence);
    }

    public boolean runningFrom(String childRole) {
        return role.filter(childRole::equals).isPresent();
    }

    /** Booted from a virtual disk outside the layout. */
    public boolean runningFromOtherDisk() {
        return nativeVhdBoot && role.isEmpty();
    }
}
