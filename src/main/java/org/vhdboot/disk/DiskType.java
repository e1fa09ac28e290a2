package org.vhdboot.disk;

/** How an image stores its virtual disk. */
public enum DiskType {
    /** Every byte of the virtual disk is laid out in the file. */
    FIXED,
    /** Blocks are allocated on first write; unallocated blocks read as zeros. */
    DYNAMIC,
    /** Like dynamic, but unwritten sectors come from a parent image. */
    DIFFERENCING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
