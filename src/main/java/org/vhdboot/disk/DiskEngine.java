package org.vhdboot.disk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The disk operations the use cases need, behind one interface: the pure-Java engine everywhere, or
 * Windows' own virtdisk.dll where it is the safer choice.
 */
public interface DiskEngine {

    /** {@code java} or {@code virtdisk}. */
    String name();

    /**
     * Creates an empty differencing child of {@code parent} at {@code child}, which must not exist, and makes
     * it durable. The parent is only read. Callers that need atomic replacement pass a temporary name in
     * the final folder and rename it themselves.
     */
    void createChild(Path child, Path parent) throws IOException;

    /** Like {@link #createChild(Path, Path)}, with options such as where Windows will see the parent's folder. */
    default void createChild(Path child, Path parent, ChildSpec spec) throws IOException {
        createChild(child, parent);
    }

    /** Describes one image file (not its chain). */
    LayerInfo info(Path image) throws IOException;

    /** Merges {@code child} into its parent. Every other child of that parent becomes invalid. */
    void mergeIntoParent(Path child) throws IOException;
}
