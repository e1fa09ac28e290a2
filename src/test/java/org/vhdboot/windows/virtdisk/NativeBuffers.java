package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/** Writes native answers the way Windows x64 lays them out, at the reference's absolute offsets. */
final class NativeBuffers {

    private NativeBuffers() {
    }

    /** Writes {@code text} as NUL-terminated UTF-16LE; returns the bytes used. */
    static int writeUtf16(Pointer memory, long offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            memory.setShort(offset + 2L * i, (short) text.charAt(i));
        }
        memory.setShort(offset + 2L * text.length(), (short) 0);
        return 2 * (text.length() + 1);
    }

    /** A GUID in Windows' memory order: Data1, Data2, Data3 little-endian, then Data4 as is. */
    static void writeGuid(Pointer memory, long offset, UUID id) {
        ByteBuffer big = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(big.getInt(0)).putShort(big.getShort(4)).putShort(big.getShort(6));
        out.put(big.array(), 8, 8);
        memory.write(offset, out.array(), 0, 16);
    }
}
