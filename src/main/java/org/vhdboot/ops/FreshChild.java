package org.vhdboot.ops;

import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.Layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a fresh, empty child of an image of the tree at a writable child's path, the way a reset does: the new child
 * under the temporary name, made durable, then renamed over the path in one step. Killed at any instant, the path
 * holds the old child or the new one, and doing it again finishes the job. Used by {@code image commit} (Current),
 * {@code image switch} (the new slot), {@code image confirm} and {@code image rollback} (Recovery).
 */
final class FreshChild {
    private final OperationContext context;

    FreshChild(OperationContext context) {
        this.context = context;
    }

    /** Replaces {@code target} (if any) with an empty child of {@code parent}. */
    void put(Layout layout, Path target, Path parent) throws IOException {
        Path temporary = StagedFile.temporaryFor(target);
        context.createChild(layout, temporary, parent);
        context.steps().move(temporary, target, true);
    }

    /** Whether {@code child} exists and links to {@code parent} as recorded. */
    boolean standsOn(Path child, Path parent) throws IOException {
        return new ParentCheck(context).linkOf(child, parent) == ParentCheck.ChildLink.LINKED;
    }

    /** Removes a temporary child an interrupted {@link #put} left. */
    void dropTemporary(Path target) throws IOException {
        Path temporary = StagedFile.temporaryFor(target);
        if (Files.exists(temporary)) {
            context.steps().delete(temporary);
        }
    }
}
