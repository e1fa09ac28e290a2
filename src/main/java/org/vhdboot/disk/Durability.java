package org.vhdboot.disk;

/** When an image flushes its writes to stable storage. */
public enum Durability {
    /** Flush at every point of the crash-safe write order, so an interrupted write never corrupts the image. */
    SAFE,
    /**
     * Flush once, when the image is flushed or closed. Only for files nobody can see yet, such as the
     * temporary output of a conversion that is renamed into place afterwards.
     */
    DEFERRED,
    /**
     * Safe, in batches: a format that can hold back the metadata that makes new data visible (VHDX: sector bitmaps
     * and BAT entries) writes it only when the image is flushed, after the data is durable, so many allocations
     * share a few flushes; an interrupted batch loses its writes, never reads garbage. For writes that change
     * nothing a reader sees, such as a merge down from a parent. Other formats treat it as {@link #SAFE}.
     */
    BATCHED;

    /** A flush at one of the crash-safe order's marked points: real unless {@link #DEFERRED}. */
    public void flushAtStep(org.vhdboot.disk.io.Storage storage) throws java.io.IOException {
        if (this != DEFERRED) {
            storage.force();
        }
    }
}
