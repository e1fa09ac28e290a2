package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Windows' UTF-16 strings out of native buffers. JNA's own wide-string readers use the platform's
 * wchar_t, which is 4 bytes on Linux, so these read 16-bit units explicitly and decode the same everywhere.
 */
final class Utf16Strings {

    private Utf16Strings() {
    }

    /** A NUL-terminated string starting at {@code offset}, at most {@code maxUnits} UTF-16 units long. */
    static String read(Pointer memory, long offset, int maxUnits) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < maxUnits; i++) {
            char unit = (char) memory.getShort(offset + 2L * i);
            if (unit == 0) {
                break;
            }
            text.append(unit);
        }
        return text.toString();
    }

    /** A NUL-separated list ending with an empty string (REG_MULTI_SZ style), within {@code maxUnits} units. */
    static List<String> readMulti(Pointer memory, long offset, int maxUnits) {
        List<String> out = new ArrayList<>();
        int used = 0;
        while (used < maxUnits) {
            String item = read(memory, offset + 2L * used, maxUnits - used);
            if (item.isEmpty()) {
                break;
            }
            out.add(item);
            used += item.length() + 1;
        }
        return out;
    }
}
