package org.vhdboot.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One bcdedit command, the unit that the bcdedit and script stores render a {@link BootChange} into; each maps
 * to exactly one command line ({@link BcdeditCommands#forChange}) and one check that it took effect.
 */
sealed interface BcdChange {

    /** {@code bcdedit /create {id} /d "description" /application osloader} */
    record CreateLoader(UUID id, String description) implements BcdChange {
    }

    /** {@code bcdedit /set {id} element value} */
    record SetElement(UUID id, String element, String value) implements BcdChange {
    }

    /** {@code bcdedit /delete {id} /cleanup} */
    record DeleteEntry(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /default {id}} */
    record SetDefault(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /displayorder {id} /addlast} */
    record DisplayOrderAddLast(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /displayorder {id} /addfirst} */
    record DisplayOrderAddFirst(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /timeout seconds} */
    record SetTimeout(int seconds) implements BcdChange {
    }

    /** {@code bcdedit /bootsequence {id}}: boot this entry once, at the next start only. */
    record BootSequence(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /bootsequence {id} /remove}: cancel a one-time boot that is no longer wanted. */
    record BootSequenceRemove(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /export file} */
    record Export(Path file) implements BcdChange {
    }

    /** The bcdedit commands that carry out {@code change}, in order: an entry is created, then its elements set. */
    static List<BcdChange> of(BootChange change) {
        if (change instanceof BootChange.CreateEntry create) {
            List<BcdChange> commands = new ArrayList<>();
            commands.add(new CreateLoader(create.id(), create.description()));
            commands.addAll(settings(create.id(), create.elements()));
            return commands;
        } else if (change instanceof BootChange.SetElements set) {
            return settings(set.id(), set.elements());
        } else if (change instanceof BootChange.Rename rename) {
            return List.of(new SetElement(rename.id(), "description", rename.description()));
        } else if (change instanceof BootChange.PlaceInMenu place) {
            return List.of(place.place() == BootChange.MenuPlace.FIRST
                    ? new DisplayOrderAddFirst(place.id()) : new DisplayOrderAddLast(place.id()));
        } else if (change instanceof BootChange.SetDefault setDefault) {
            return List.of(new SetDefault(setDefault.id()));
        } else if (change instanceof BootChange.SetTimeout timeout) {
            return List.of(new SetTimeout(timeout.seconds()));
        } else if (change instanceof BootChange.BootOnce once) {
            return List.of(new BootSequence(once.id()));
        } else if (change instanceof BootChange.CancelBootOnce cancel) {
            return List.of(new BootSequenceRemove(cancel.id()));
        } else if (change instanceof BootChange.DeleteEntry delete) {
            return List.of(new DeleteEntry(delete.id()));
        } else if (change instanceof BootChange.BackUp backUp) {
            return List.of(new Export(backUp.file()));
        }
        throw new IllegalArgumentException("Unknown boot store change: " + change);
    }

    private static List<BcdChange> settings(UUID id, List<BootElement> elements) {
        return elements.stream().<BcdChange>map(element -> new SetElement(id, element.name(), element.value())).toList();
    }
}
