package org.vhdboot.disk;

/** When an image flushes its writes to stable storage. */
public enum Durability {
    /** Flush at every point of the crash-safe write order, so an interrupted write never corrupts the image. */
    SAFE,
    /**
     * Flush once, when the image is flushed or closed. Only for files nobody can see yet, such as the
     * temporary output of a conversion that is renamed into place afterwards.
     */
    DEFERRED;

    /** A flush at one of the crash-safe order's marked points: real for {@link #SAFE}, skipped otherwise. */
    public void flushAtStep(org.vhdboot.disk.io.Storage storage) throws java.io.IOException {
        if (this == SAFE) {
            storage.force();
        }
    }
}
