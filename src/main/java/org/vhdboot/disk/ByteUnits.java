package org.vhdboot.disk;

/** The binary unit the formats align to and messages count in, defined once. */
public final class ByteUnits {
    /** One mebibyte: VHDX aligns its regions, log and blocks to it. */
    public static final long MIB = 1L << 20;

    private ByteUnits() {
    }
}
