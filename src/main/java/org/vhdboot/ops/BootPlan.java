package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootElement;
import org.vhdboot.boot.BootEntry;
import org.vhdboot.boot.BootManagerState;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The boot store changes a layout still needs: entries with vhdboot's own GUIDs (so nothing has to be
 * parsed from bcdedit's localized messages), their elements, Current as default and first, Recovery second,
 * and the timeout. A store that can be read is compared first, so a rerun only does what is missing.
 */
final class BootPlan {
    private BootPlan() {
    }

    static List<BootChange> forLayout(Layout layout, BootStore store, Map<Role, List<BootElement>> wanted)
            throws BootStoreException {
        List<BootChange> changes = new ArrayList<>();
        boolean readable = store.readable();
        for (Role role : Role.values()) {
            Layout.Child child = layout.child(role);
            Optional<BootEntry> existing = readable ? store.entry(child.entryId()) : Optional.empty();
            if (existing.isEmpty()) {
                changes.add(new BootChange.CreateEntry(child.entryId(), child.description(), wanted.get(role)));
                continue;
            }
            if (!existing.get().value("description").orElse("").equals(child.description())) {
                changes.add(new BootChange.Rename(child.entryId(), child.description()));
            }
            List<BootElement> missing = wanted.get(role).stream()
                    .filter(element -> !existing.get().shows(element.name(), element.value())).toList();
            if (!missing.isEmpty()) {
                changes.add(new BootChange.SetElements(child.entryId(), missing));
            }
        }
        BootManagerState manager = readable ? store.manager() : BootManagerState.unknown();
        UUID current = layout.child(Role.CURRENT).entryId();
        UUID recovery = layout.child(Role.RECOVERY).entryId();
        List<UUID> order = manager.displayOrder();
        if (order.size() < 2 || !order.get(0).equals(current) || !order.get(1).equals(recovery)) {
            // Each move to the front goes ahead of the others: Recovery first, then Current ahead of it.
            changes.add(new BootChange.PlaceInMenu(recovery, BootChange.MenuPlace.FIRST));
            changes.add(new BootChange.PlaceInMenu(current, BootChange.MenuPlace.FIRST));
        }
        if (!manager.defaultEntry().equals(Optional.of(current))) {
            changes.add(new BootChange.SetDefault(current));
        }
        if (!manager.timeout().equals(Optional.of(layout.timeout()))) {
            changes.add(new BootChange.SetTimeout(layout.timeout()));
        }
        return changes;
    }
}
