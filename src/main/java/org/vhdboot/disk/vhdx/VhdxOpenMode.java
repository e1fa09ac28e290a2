package org.vhdboot.disk.vhdx;

/** What to do with a non-empty log when opening a VHDX. */
enum VhdxOpenMode {
    /** Writable opens: replay into the file, then mark the log empty. */
    REPLAY_IN_FILE,
    /** Read-only opens: replay into an in-memory overlay; the file is not touched. */
    REPLAY_IN_MEMORY,
    /** Read-only opens that must not guess: refuse and point at {@code vhd check --repair}. */
    REFUSE_DIRTY
}
