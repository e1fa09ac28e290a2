package org.vhdboot.disk.testing;

import java.util.Arrays;

/** What a virtual disk should hold: a plain byte array that writes are mirrored into. */
public final class DiskModel {
    private final byte[] bytes;

    public DiskModel(long size) {
        this.bytes = new byte[Math.toIntExact(size)];
    }

    private DiskModel(byte[] bytes) {
        this.bytes = bytes;
    }

    public DiskModel copy() {
        return new DiskModel(bytes.clone());
    }

    public long size() {
        return bytes.length;
    }

    public void write(long offset, byte[] data) {
        System.arraycopy(data, 0, bytes, Math.toIntExact(offset), data.length);
    }

    public byte[] read(long offset, int length) {
        int from = Math.toIntExact(offset);
        return Arrays.copyOfRange(bytes, from, from + length);
    }

    public byte[] bytes() {
        return bytes.clone();
    }
}
