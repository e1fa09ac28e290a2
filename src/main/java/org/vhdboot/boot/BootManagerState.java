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

    /**
     * The settings held by a {@code {bootmgr}} object as read back. Identifiers may be GUIDs or aliases;
     * values that cannot be read are left out rather than guessed.
     */
    public static BootManagerState of(BootEntry bootManager) {
        return new BootManagerState(
                bootManager.value("default").flatMap(BcdIdentifiers::parse),
                identifiers(bootManager.values("displayorder")),
                bootManager.value("timeout").flatMap(BootManagerState::seconds),
                identifiers(bootManager.values("bootsequence")));
    }

    private static List<UUID> identifiers(List<String> values) {
        return values.stream().map(BcdIdentifiers::parse).flatMap(Optional::stream).toList();
    }

    private static Optional<Integer> seconds(String value) {
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
