package org.vhdboot.disk.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A VHDX parent locator item laid out from [MS-VHDX] 2.6.2.6: a 20-byte header with the VHDX locator type,
 * 12-byte key/value entries with offsets from the item start, then the UTF-16LE keys and values.
 */
public final class ParentLocatorBytes {
    public static final UUID VHDX_PARENT_TYPE = UUID.fromString("B04AEFB7-D19E-4A81-B789-25B8E9445913");

    private ParentLocatorBytes() {
    }

    public static byte[] of(String... keysAndValues) {
        int count = keysAndValues.length / 2;
        int size = 20 + 12 * count;
        for (String text : keysAndValues) {
            size += text.getBytes(StandardCharsets.UTF_16LE).length;
        }
        byte[] bytes = new byte[size];
        ByteBuffer b = VhdxFileEditor.le(bytes);
        b.put(0, GuidBytes.encode(VHDX_PARENT_TYPE));
        b.putShort(18, (short) count);
        int data = 20 + 12 * count;
        for (int i = 0; i < count; i++) {
            byte[] key = keysAndValues[2 * i].getBytes(StandardCharsets.UTF_16LE);
            byte[] value = keysAndValues[2 * i + 1].getBytes(StandardCharsets.UTF_16LE);
            int at = 20 + 12 * i;
            b.putInt(at, data);
            b.put(data, key);
            data += key.length;
            b.putInt(at + 4, data);
            b.put(data, value);
            data += value.length;
            b.putShort(at + 8, (short) key.length);
            b.putShort(at + 10, (short) value.length);
        }
        return bytes;
    }
}
