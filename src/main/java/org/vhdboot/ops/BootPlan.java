package org.vhdboot.ops;

import org.vhdboot.boot.BcdChange;
import org.vhdboot.boot.BootEntry;
import org.vhdboot.boot.BootManagerState;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;

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

    static List<BcdChange> forLayout(Layout layout, BootStore store, Map<Role, List<BcdChange.SetElement>> wanted)
            throws BootStoreException {
        List<BcdChange> changes = new ArrayList<>();
        boolean readable = store.readable();
        for (Role role : Role.values()) {
            Layout.Child child = layout.child(role);
            Optional<BootEntry> existing = readable ? store.entry(child.entryId()) : Optional.empty();
            if (existing.isEmpty()) {
                changes.add(new BcdChange.CreateLoader(child.entryId(), child.description()));
            } else if (!existing.get().value("description").orElse("").equals(child.description())) {
                changes.add(new BcdChange.SetElement(child.entryId(), "description", child.description()));
            }
            for (BcdChange.SetElement element : wanted.get(role)) {
                if (existing.isEmpty() || !existing.get().shows(element.element(), element.value())) {
                    changes.add(element);
                }
            }
        }
        BootManagerState manager = readable ? store.manager() : BootManagerState.unknown();
        UUID current = layout.child(Role.CURRENT).entryId();
        UUID recovery = layout.child(Role.RECOVERY).entryId();
        List<UUID> order = manager.displayOrder();
        if (order.size() < 2 || !order.get(0).equals(current) || !order.get(1).equals(recovery)) {
            // Each /addfirst moves an entry to the front: Recovery first, then Current ahead of it.
            changes.add(new BcdChange.DisplayOrderAddFirst(recovery));
            changes.add(new BcdChange.DisplayOrderAddFirst(current));
        }
        if (!manager.defaultEntry().equals(Optional.of(current))) {
            changes.add(new BcdChange.SetDefault(current));
        }
        if (!manager.timeout().equals(Optional.of(layout.timeout()))) {
            changes.add(new BcdChange.SetTimeout(layout.timeout()));
        }
        return changes;
    }
}
