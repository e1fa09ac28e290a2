package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootElement;
import org.vhdboot.boot.BootEntry;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The boot entries of the A/B slots: their identifiers (slot a keeps Current's entry from {@code init}; slot b's is
 * derived like it, so a dry run shows the GUID the real run uses), their menu texts, and the changes that make a
 * slot's entry exist, point at its file, or become the default. A store that can be read is compared first, so a rerun
 * does only what is missing; every change is idempotent.
 */
final class SlotEntries {
    private final OperationContext context;

    SlotEntries(OperationContext context) {
        this.context = context;
    }

    static String current(Layout layout) {
        return layout.name() + " (" + Role.CURRENT.label() + ")";
    }

    static String trying(Layout layout, String version) {
        return layout.name() + " (" + version + ", trying)";
    }

    static String previous(Layout layout) {
        return layout.name() + " (previous)";
    }

    static String rolledBack(Layout layout, String version) {
        return layout.name() + " (" + version + ", rolled back)";
    }

    /** The slot's entry as recorded, or the one derived for it. */
    static UUID entryId(Layout layout, Slot slot) {
        Optional<UUID> recorded = layout.slot(slot).map(Layout.Child::entryId);
        if (recorded.isPresent() && recorded.get() != null) {
            return recorded.get();
        }
        String linkId = layout.parentIdentity().map(Layout.ParentIdentity::linkId)
                .orElse(layout.tree().get(ImageRef.BASE_VERSION).linkId());
        Layout.ParentIdentity parent = new Layout.ParentIdentity(linkId == null ? layout.parentFile() : linkId, 0, null);
        return InitOperation.entryId(layout.folder(), parent, slot == Slot.A ? Role.CURRENT.key() : slot.section());
    }

    /** What makes {@code slot}'s entry boot its file, under {@code description}, listed last in the menu. */
    List<BootChange> prepare(Layout layout, BootStore store, Slot slot, String description)
            throws OperationException {
        UUID id = entryId(layout, slot);
        EntryElements elements = new EntryElements(context);
        var wanted = elements.forFile(layout, elements.template(layout), slot.fileFor(layout));
        List<BootChange> changes = new ArrayList<>();
        Optional<BootEntry> existing = read(store, id);
        boolean recorded = layout.slot(slot).map(Layout.Child::entryId).filter(id::equals).isPresent();
        if (!store.readable() && recorded) {
            // A script cannot be read back: the entry made for the slot before gets its name and elements again.
            changes.add(new BootChange.Rename(id, description));
            changes.add(new BootChange.SetElements(id, wanted));
        } else {
            if (existing.isPresent()) {
                changes.add(new BootChange.Rename(id, description));
            }
            changes.addAll(toBoot(existing, id, description, wanted));
        }
        changes.add(new BootChange.PlaceInMenu(id, BootChange.MenuPlace.LAST));
        return changes;
    }

    /**
     * What makes {@code slot}'s entry exist and boot the slot's recorded file, where the store shows it lacking: gone
     * (a boot repair), or made and left without its elements by a run that stopped between the two. Nothing where
     * the store cannot be read back.
     */
    List<BootChange> repair(Layout layout, BootStore store, Slot slot, String description) throws OperationException {
        if (!store.readable()) {
            return List.of();
        }
        UUID id = entryId(layout, slot);
        EntryElements elements = new EntryElements(context);
        String file = layout.slot(slot).map(Layout.Child::file).orElse(slot.fileFor(layout));
        var wanted = elements.forFile(layout, elements.template(layout), file);
        return toBoot(read(store, id), id, description, wanted);
    }

    /** The entry made with {@code wanted}, or the elements of it that {@code existing} lacks. */
    private static List<BootChange> toBoot(Optional<BootEntry> existing, UUID id, String description,
                                           List<BootElement> wanted) {
        if (existing.isEmpty()) {
            return List.of(new BootChange.CreateEntry(id, description, wanted));
        }
        var missing = wanted.stream().filter(e -> !existing.get().shows(e.name(), e.value())).toList();
        return missing.isEmpty() ? List.of() : List.of(new BootChange.SetElements(id, missing));
    }

    /**
     * What makes {@code slot} the default, named "(Current)", first in the menu with Recovery second, and the other
     * slot's entry {@code otherDescription}, last. The other slot's entry is left out where the store shows it is
     * gone (a boot repair, a cleaned store): renaming it would fail the confirm or rollback at every rerun, and the
     * fallback's menu entry is no reason to refuse the new default.
     */
    static List<BootChange> makeDefault(Layout layout, BootStore store, Slot slot, String otherDescription)
            throws OperationException {
        UUID id = entryId(layout, slot);
        UUID recovery = layout.child(Role.RECOVERY).entryId();
        List<BootChange> changes = new ArrayList<>();
        changes.add(new BootChange.Rename(id, current(layout)));
        Optional<UUID> other = layout.slot(slot.other()).map(Layout.Child::entryId);
        if (other.isPresent() && other.get() != null && !gone(store, other.get())) {
            changes.add(new BootChange.Rename(other.get(), otherDescription));
            changes.add(new BootChange.PlaceInMenu(other.get(), BootChange.MenuPlace.LAST));
        }
        if (recovery != null) {
            changes.add(new BootChange.PlaceInMenu(recovery, BootChange.MenuPlace.FIRST));
        }
        changes.add(new BootChange.PlaceInMenu(id, BootChange.MenuPlace.FIRST));
        changes.add(new BootChange.SetDefault(id));
        return changes;
    }

    /** Runs {@code changes} in order, returning the command lines they were; a refusal is a boot store failure. */
    static List<String> apply(BootStore store, List<BootChange> changes, String what) throws OperationException {
        List<String> commands = new ArrayList<>();
        try {
            for (BootChange change : changes) {
                commands.addAll(store.describe(change));
                store.apply(change);
            }
        } catch (BootStoreException e) {
            throw new OperationException(OperationException.Kind.BOOT_STORE, "the boot store refused a change while "
                    + what + " (" + e.getMessage() + "); run the command again to complete it", e);
        }
        return commands;
    }

    /** What the dry run prints for {@code changes}. */
    static List<String> describe(BootStore store, List<BootChange> changes) {
        List<String> commands = new ArrayList<>();
        changes.forEach(change -> commands.addAll(store.describe(change)));
        return commands;
    }

    /**
     * The cancel of a one-time boot into {@code slot}'s entry that a store that can be read shows not yet consumed;
     * none otherwise, so bcdedit is asked nothing that is not needed (a start consumed it, or a script cannot tell).
     */
    static List<BootChange> takeBackBootOnce(Layout layout, BootStore store, Slot slot) throws OperationException {
        UUID id = entryId(layout, slot);
        try {
            return store.readable() && store.manager().bootSequence().contains(id)
                    ? List.of(new BootChange.CancelBootOnce(id)) : List.of();
        } catch (BootStoreException e) {
            throw new OperationException(OperationException.Kind.BOOT_STORE, "cannot read the boot store: "
                    + e.getMessage(), e);
        }
    }

    /** Whether the store shows that entry {@code id} is not there (a store that cannot be read shows nothing). */
    static boolean gone(BootStore store, UUID id) throws OperationException {
        return store.readable() && read(store, id).isEmpty();
    }

    private static Optional<BootEntry> read(BootStore store, UUID id) throws OperationException {
        if (!store.readable()) {
            return Optional.empty();
        }
        try {
            return store.entry(id);
        } catch (BootStoreException e) {
            throw new OperationException(OperationException.Kind.BOOT_STORE, "cannot read the boot store: "
                    + e.getMessage(), e);
        }
    }
}
