package org.vhdboot.disk.vhd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** One of the eight 24-byte parent locator entries in a VHD dynamic header. */
public record ParentLocatorEntry(int platformCode, int dataSpace, int dataLength, long dataOffset) {
    public static final int SIZE = 24;
    public static final int W2RU = 0x57327275;
    public static final int W2KU = 0x57326B75;
    public static final int MACX = 0x4D616358;
    public static final ParentLocatorEntry UNUSED = new ParentLocatorEntry(0, 0, 0, 0);

    static ParentLocatorEntry parse(ByteBuffer b, int offset) {
        return new ParentLocatorEntry(b.getInt(offset), b.getInt(offset + 4), b.getInt(offset + 8), b.getLong(offset + 16));
    }

    void writeTo(ByteBuffer b, int offset) {
        b.putInt(offset, platformCode);
        b.putInt(offset + 4, dataSpace);
        b.putInt(offset + 8, dataLength);
        b.putInt(offset + 12, 0);
        b.putLong(offset + 16, dataOffset);
    }

    public boolean used() {
        return platformCode != 0;
    }

    /**
     * Bytes reserved for the data. The specification counts sectors, Windows writes bytes; small values are
     * sectors and multiples of 512 are bytes, as other readers decide.
     */
    public long reservedBytes() {
        long space = Integer.toUnsignedLong(dataSpace);
        if (space < 512 || space % 512 != 0) {
            return space * 512;
        }
        return space;
    }

    public String platformName() {
        byte[] code = ByteBuffer.allocate(4).putInt(platformCode).array();
        return new String(code, StandardCharsets.ISO_8859_1);
    }

    /** Decodes the locator data: UTF-16LE for Windows codes, UTF-8 for MacX. */
    public String decode(byte[] data) {
        if (platformCode == MACX) {
            return new String(data, StandardCharsets.UTF_8);
        }
        return new String(data, StandardCharsets.UTF_16LE);
    }
}
