package org.vhdboot.ops;

import org.vhdboot.boot.BootStore;

/** Opens the boot store a layout is configured for: bcdedit, script or none. */
@FunctionalInterface
public interface BootStoreFactory {
    BootStore open(Layout layout) throws OperationException;
}
