package org.vhdboot.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * One change to a boot store, said by what it is for rather than by how a store carries it out. Each store
 * renders changes its own way: {@link BcdeditStore} into bcdedit command lines that it runs, {@link ScriptStore}
 * into the same command lines in a {@code .cmd} file, {@link NoBootStore} into nothing. {@link BootStore#describe}
 * gives a store's rendering as text, so a dry run shows exactly what a real run does.
 */
public sealed interface BootChange {

    /** Where {@link PlaceInMenu} puts an entry in the boot menu. */
    enum MenuPlace { FIRST, LAST }

    /**
     * A new Windows boot loader entry with vhdboot's own identifier (so nothing is read from localized
     * messages), its menu text, and the elements of its template, set in this order.
     */
    record CreateEntry(UUID id, String description, List<BootElement> elements) implements BootChange {
        public CreateEntry {
            elements = List.copyOf(elements);
        }
    }

    /** Gives elements of an existing entry these values, in this order. */
    record SetElements(UUID id, List<BootElement> elements) implements BootChange {
        public SetElements {
            elements = List.copyOf(elements);
        }
    }

    /** Changes the menu text of an existing entry. */
    record Rename(UUID id, String description) implements BootChange {
    }

    /** Moves an entry to the front or the end of the boot menu, adding it if it is not listed. */
    record PlaceInMenu(UUID id, MenuPlace place) implements BootChange {
    }

    /** Makes an entry the one that boots when nobody chooses. */
    record SetDefault(UUID id) implements BootChange {
    }

    /** How long the boot menu waits for a choice. */
    record SetTimeout(int seconds) implements BootChange {
    }

    /** Boots an entry once, at the next start only. */
    record BootOnce(UUID id) implements BootChange {
    }

    /** Cancels a one-time boot that is no longer wanted. */
    record CancelBootOnce(UUID id) implements BootChange {
    }

    /** Removes an entry and every reference to it (the menu, the default, a one-time boot). */
    record DeleteEntry(UUID id) implements BootChange {
    }

    /** Saves the whole store to {@code file}, before vhdboot's first change. */
    record BackUp(Path file) implements BootChange {
    }
}
