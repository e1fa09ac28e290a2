package org.vhdboot.ops;

import org.vhdboot.boot.BootStore;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;

import java.nio.file.Path;

/** Opens the boot store a layout is configured for ({@link org.vhdboot.boot.BootStoreKind}). */
public interface BootStoreFactory {
    BootStore open(Layout layout) throws OperationException;

    /** For the script store: the same commands, written to {@code script} instead of the layout's script. */
    BootStore openScript(Layout layout, Path script);
}
