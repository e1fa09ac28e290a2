package org.vhdboot.ops;

import org.vhdboot.boot.BcdChange;
import org.vhdboot.boot.BootEntry;
import org.vhdboot.boot.BootManagerState;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                if (existing.isEmpty() || !holds(existing.get(), element)) {
                    changes.add(element);
                }
            }
        }
        BootManagerState manager = readable ? store.manager() : BootManagerState.unknown();
        UUID current = layout.child(Role.CURRENT).entryId();
        UUID recovery = layout.child(Role.RECOVERY).entryId();
        if (!manager.displayOrder().contains(current)) {
            changes.add(new BcdChange.DisplayOrderAddLast(current));
        }
        if (!manager.displayOrder().contains(recovery)) {
            changes.add(new BcdChange.DisplayOrderAddLast(recovery));
        }
        if (!manager.defaultEntry().equals(Optional.of(current))) {
            changes.add(new BcdChange.SetDefault(current));
        }
        if (!manager.timeout().equals(Optional.of(layout.timeout()))) {
            changes.add(new BcdChange.SetTimeout(layout.timeout()));
        }
        return changes;
    }

    /** Whether the entry already shows the element as bcdedit would display what we set. */
    static boolean holds(BootEntry entry, BcdChange.SetElement element) {
        Optional<String> shown = entry.value(element.element());
        if (shown.isEmpty()) {
            return false;
        }
        return normalize(element.element(), shown.get()).equals(normalize(element.element(), element.value()));
    }

    private static String normalize(String element, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (element.endsWith("device")) {
            // Windows 8 and later show vhd= devices with the locate suffix they add themselves.
            int locate = text.indexOf(",locate=");
            if (locate >= 0) {
                text = text.substring(0, locate);
            }
        }
        switch (text) {
            case "on":
            case "yes":
            case "true":
                return "yes";
            case "off":
            case "no":
            case "false":
                return "no";
            default:
                return text;
        }
    }
}
