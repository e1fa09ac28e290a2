package org.vhdboot.disk.testing;

/** One guest write: {@code data} at byte {@code offset} of the virtual disk, any alignment. */
public record DiskWrite(long offset, byte[] data) {

    /** A write of pattern bytes, deterministic from its seed. */
    public static DiskWrite pattern(long offset, int length, long seed) {
        return new DiskWrite(offset, PatternBytes.of(seed, length));
    }

    public long end() {
        return offset + data.length;
    }

    @Override
    public String toString() {
        return "write " + data.length + " bytes at " + offset;
    }
}
