package org.vhdboot.boot;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The objects in one {@code bcdedit /enum} output, in output order. Without {@code /v}, bcdedit names some
 * objects by alias; stored aliases become their well-known GUIDs, while {@code {current}} and {@code {default}}
 * keep their virtual GUIDs ({@link BcdIdentifiers#CURRENT}, {@link BcdIdentifiers#DEFAULT}) and stay findable.
 */
public record BcdeditListing(List<BootEntry> entries) {

    public BcdeditListing {
        entries = List.copyOf(entries);
    }

    /**
     * The object with this identifier. {@link BcdIdentifiers#DEFAULT} also resolves through the boot manager's
     * {@code default} element when no object is listed under the alias itself.
     */
    public Optional<BootEntry> find(UUID id) {
        Optional<BootEntry> direct = entries.stream().filter(entry -> entry.id().equals(id)).findFirst();
        if (direct.isPresent() || !BcdIdentifiers.DEFAULT.equals(id)) {
            return direct;
        }
        return find(BcdIdentifiers.BOOTMGR)
                .flatMap(manager -> manager.value("default"))
                .flatMap(BcdIdentifiers::parse)
                .filter(target -> !BcdIdentifiers.DEFAULT.equals(target))
                .flatMap(this::find);
    }

    /** Finds an object by its bcdedit name: {@code {guid}} or an alias such as {@code {bootmgr}}. */
    public Optional<BootEntry> find(String identifier) {
        return BcdIdentifiers.parse(identifier).flatMap(this::find);
    }

    /** The first object listed, e.g. the single answer to {@code /enum {current} /v}. */
    public Optional<BootEntry> first() {
        return entries.stream().findFirst();
    }
}
