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

    /** Indexed by the three state bits; values() would copy the array on every lookup. */
    private static final PayloadState[] BY_CODE = new PayloadState[8];

    static {
        for (PayloadState state : values()) {
            BY_CODE[state.code] = state;
        }
    }

    /** The state of a code, or null for an undefined code. */
    public static PayloadState of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** States whose bytes read as zeros whatever the disk type. */
    public boolean readsAsZero() {
        return this == UNDEFINED || this == ZERO || this == UNMAPPED || this == UNMAPPED_DRAFT;
    }
}
