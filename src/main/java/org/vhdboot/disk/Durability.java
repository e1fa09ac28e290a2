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
     * Safe, in batches: the metadata that makes new data visible (sector bitmaps and BAT entries; for VHD also the
     * footer, moved ahead once for many blocks) is written only when the image is flushed, after the data is
     * durable, so many allocations share a few flushes; an interrupted batch loses its writes, never reads garbage.
     * For writes that change nothing a reader sees, such as a merge down from a parent. Fixed images write in place.
     */
    BATCHED;

    /** A flush at one of the crash-safe order's marked points: real unless {@link #DEFERRED}. */
    public void flushAtStep(org.vhdboot.disk.io.Storage storage) throws java.io.IOException {
        if (this != DEFERRED) {
            storage.force();
        }
    }
}
