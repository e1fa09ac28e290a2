package org.vhdboot.disk.testing;

import java.util.UUID;

/**
 * Microsoft's on-disk GUID layout, written out byte by byte here so tests do not trust the engine's own
 * encoder: Data1 (4 bytes), Data2 and Data3 (2 bytes each) little-endian, then Data4 as is.
 */
public final class GuidBytes {
    private GuidBytes() {
    }

    public static byte[] encode(UUID guid) {
        String hex = guid.toString().replace("-", "");
        byte[] big = new byte[16];
        for (int i = 0; i < 16; i++) {
            big[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] out = new byte[16];
        int[] order = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        for (int i = 0; i < 16; i++) {
            out[i] = big[order[i]];
        }
        return out;
    }

    public static UUID decode(byte[] bytes, int offset) {
        int[] order = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < 16; i++) {
            hex.append(String.format("%02x", bytes[offset + order[i]] & 0xFF));
        }
        hex.insert(20, '-').insert(16, '-').insert(12, '-').insert(8, '-');
        return UUID.fromString(hex.toString());
    }
}
