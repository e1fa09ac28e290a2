package org.vhdboot.boot;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The boot manager's settings that vhdboot reads and changes. */
public record BootManagerState(Optional<UUID> defaultEntry, List<UUID> displayOrder, Optional<Integer> timeout,
                               List<UUID> bootSequence) {

    public BootManagerState {
        displayOrder = List.copyOf(displayOrder);
        bootSequence = List.copyOf(bootSequence);
    }

    public static BootManagerState unknown() {
        return new BootManagerState(Optional.empty(), List.of(), Optional.empty(), List.of());
    }
}
