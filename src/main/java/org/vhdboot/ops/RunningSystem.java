package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.windows.BootedFrom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which of the layout's children, if any, the running OS booted from; asked of the platform. The active slot is
 * {@code current}, the other slot {@code slot-a} or {@code slot-b}.
 */
final class RunningSystem {
    private final OperationContext context;

    RunningSystem(OperationContext context) {
        this.context = context;
    }

    BootedFrom bootedFrom(Layout layout) throws IOException {
        Map<String, Path> children = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            layout.findChild(role).ifPresent(child -> children.put(role.key(), layout.folder().resolve(child.file())));
        }
        // The slot that is not the active one: a switch's new slot on trial, or the previous one kept as fallback.
        Slot other = layout.activeSlot().other();
        layout.slot(other).ifPresent(child -> children.put(other.runningKey(), layout.folder().resolve(child.file())));
        return context.platform().bootedFrom(children);
    }
}
