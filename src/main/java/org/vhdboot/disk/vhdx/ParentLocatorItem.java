package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The VHDX parent locator metadata item: a type GUID and UTF-16LE key/value pairs. */
public record ParentLocatorItem(Map<String, String> entries) {
    public static final UUID VHDX_PARENT_TYPE = UUID.fromString("B04AEFB7-D19E-4A81-B789-25B8E9445913");
    public static final String PARENT_LINKAGE = "parent_linkage";
    public static final String PARENT_LINKAGE2 = "parent_linkage2";
    public static final String RELATIVE_PATH = "relative_path";
    public static final String VOLUME_PATH = "volume_path";
    public static final String ABSOLUTE_WIN32_PATH = "absolute_win32_path";
    /** Far more than the few paths of 32767 UTF-16 characters at most that an item holds. */
    public static final long MAX_SIZE = 1 << 20;
    private static final int HEADER_SIZE = 20;
    private static final int ENTRY_SIZE = 12;

    public ParentLocatorItem {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static ParentLocatorItem parse(byte[] bytes, String where) throws InvalidImageException {
        if (bytes.length < HEADER_SIZE) {
            throw new InvalidImageException(where + ": parent locator is too short (" + bytes.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        UUID type = MsGuid.read(b, 0);
        if (!type.equals(VHDX_PARENT_TYPE)) {
            throw new InvalidImageException(where + ": unknown parent locator type " + type);
        }
        int count = b.getShort(18) & 0xFFFF;
        if (HEADER_SIZE + (long) count * ENTRY_SIZE > bytes.length) {
            throw new InvalidImageException(where + ": parent locator lists " + count
                    + " entries but holds only " + bytes.length + " bytes");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        long decoded = 0;
        for (int i = 0; i < count; i++) {
            int at = HEADER_SIZE + i * ENTRY_SIZE;
            long keyOffset = Integer.toUnsignedLong(b.getInt(at));
            long valueOffset = Integer.toUnsignedLong(b.getInt(at + 4));
            int keyLength = b.getShort(at + 8) & 0xFFFF;
            int valueLength = b.getShort(at + 10) & 0xFFFF;
            if (keyOffset + keyLength > bytes.length || valueOffset + valueLength > bytes.length) {
                throw new InvalidImageException(where + ": parent locator entry " + i + " points outside the item");
            }
            // Each key and value has bytes of its own; sharing them would let a small item decode to gigabytes.
            decoded += keyLength + valueLength;
            if (decoded > bytes.length) {
                throw new InvalidImageException(where + ": parent locator entries share bytes; the item is corrupt");
            }
            String key = new String(bytes, (int) keyOffset, keyLength, StandardCharsets.UTF_16LE);
            String value = new String(bytes, (int) valueOffset, valueLength, StandardCharsets.UTF_16LE);
            entries.put(key, value);
        }
        return new ParentLocatorItem(entries);
    }

    public byte[] toBytes() {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        int size = HEADER_SIZE + entries.size() * ENTRY_SIZE;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_16LE);
            byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_16LE);
            keys.add(key);
            values.add(value);
            size += key.length + value.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        MsGuid.write(b, 0, VHDX_PARENT_TYPE);
        b.putShort(18, (short) entries.size());
        int data = HEADER_SIZE + entries.size() * ENTRY_SIZE;
        for (int i = 0; i < keys.size(); i++) {
            int at = HEADER_SIZE + i * ENTRY_SIZE;
            b.putInt(at, data);
            b.put(data, keys.get(i));
            data += keys.get(i).length;
            b.putInt(at + 4, data);
            b.put(data, values.get(i));
            data += values.get(i).length;
            b.putShort(at + 8, (short) keys.get(i).length);
            b.putShort(at + 10, (short) values.get(i).length);
        }
        return b.array();
    }

    public String get(String key) {
        return entries.get(key);
    }
}
