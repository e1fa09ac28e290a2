package org.vhdboot.disk.vhdx;

/** The three low bits of a payload BAT entry. */
public enum PayloadState {
    NOT_PRESENT(0),
    UNDEFINED(1),
    ZERO(2),
    UNMAPPED(3),
    /** Value of UNMAPPED in the 0.95 draft, still found in old files. */
    UNMAPPED_DRAFT(5),
    FULLY_PRESENT(6),
    PARTIALLY_PRESENT(7);

    private final int code;

    PayloadState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static PayloadState of(int code) {
        for (PayloadState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return null;
    }

    /** States whose bytes read as zeros whatever the disk type. */
    public boolean readsAsZero() {
        return this == UNDEFINED || this == ZERO || this == UNMAPPED || this == UNMAPPED_DRAFT;
    }
}
