package org.vhdboot.windows.virtdisk;

import com.sun.jna.platform.win32.Guid;

import java.util.UUID;

/** Converts Windows GUID structures to Java UUIDs with the same text, as Windows and the Java engine print them. */
final class WindowsGuids {

    private WindowsGuids() {
    }

    static UUID toUuid(Guid.GUID guid) {
        long high = ((long) guid.Data1 << 32) | ((guid.Data2 & 0xFFFFL) << 16) | (guid.Data3 & 0xFFFFL);
        long low = 0;
        for (byte b : guid.Data4) {
            low = (low << 8) | (b & 0xFF);
        }
        return new UUID(high, low);
    }
}
