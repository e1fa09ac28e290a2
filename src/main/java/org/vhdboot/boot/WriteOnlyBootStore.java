package org.vhdboot.boot;

import java.util.Optional;
import java.util.UUID;

/** A store that takes changes but cannot be read back: nothing is known to exist, so a plan includes everything. */
abstract class WriteOnlyBootStore implements BootStore {

    @Override
    public final boolean readable() {
        return false;
    }

    @Override
    public final Optional<BootEntry> entry(UUID id) {
        return Optional.empty();
    }

    @Override
    public final BootManagerState manager() {
        return BootManagerState.unknown();
    }

    @Override
    public final Optional<BootEntry> current() {
        return Optional.empty();
    }
}
