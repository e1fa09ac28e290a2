package org.vhdboot.windows.win32;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/** The two kernel32 boot queries jna-platform's Kernel32 lacks; both Windows 8+. BOOL results are ints. */
public interface Kernel32Boot extends StdCallLibrary {

    /** Nonzero on success; {@code nativeVhdBoot} then holds TRUE when the OS booted natively from a VHD. */
    int IsNativeVhdBoot(IntByReference nativeVhdBoot);

    /** Nonzero on success; {@code firmwareType} then holds a FIRMWARE_TYPE: 1 BIOS, 2 UEFI. */
    int GetFirmwareType(IntByReference firmwareType);

    /** Loaded on first use, so merely loading this interface never touches kernel32. */
    static Kernel32Boot instance() {
        return Holder.INSTANCE;
    }

    final class Holder {
        static final Kernel32Boot INSTANCE = Native.load("kernel32", Kernel32Boot.class);

        private Holder() {
        }
    }
}
