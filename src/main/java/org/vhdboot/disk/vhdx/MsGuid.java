package org.vhdboot.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * GUIDs in Microsoft's mixed-endian layout: Data1, Data2 and Data3 little-endian, Data4 as stored.
 * {@code 2DC27766-F623-4200-...} is stored as {@code 66 77 C2 2D 23 F6 00 42 ...}.
 */
public final class MsGuid {
    public static final UUID ZERO = new UUID(0, 0);

    private MsGuid() {
    }

    public static UUID read(ByteBuffer buffer, int offset) {
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long data1 = Integer.toUnsignedLong(le.getInt(offset));
        long data2 = le.getShort(offset + 4) & 0xFFFFL;
        long data3 = le.getShort(offset + 6) & 0xFFFFL;
        long high = (data1 << 32) | (data2 << 16) | data3;
        long low = buffer.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(offset + 8);
        return new UUID(high, low);
    }

    public static void write(ByteBuffer buffer, int offset, UUID guid) {
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long high = guid.getMostSignificantBits();
        le.putInt(offset, (int) (high >>> 32));
        le.putShort(offset + 4, (short) (high >>> 16));
        le.putShort(offset + 6, (short) high);
        buffer.duplicate().order(ByteOrder.BIG_ENDIAN).putLong(offset + 8, guid.getLeastSignificantBits());
    }

    /** The braced lowercase text form used in parent locators. */
    public static String braced(UUID guid) {
        return "{" + guid + "}";
    }

    /** Parses {@code {guid}} or a bare GUID, in any case; null when it is not a GUID. */
    public static UUID parseBraced(String text) {
        if (text == null) {
            return null;
        }
        String bare = text.strip();
        if (bare.startsWith("{") && bare.endsWith("}")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        try {
            return bare.length() == 36 ? UUID.fromString(bare) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
