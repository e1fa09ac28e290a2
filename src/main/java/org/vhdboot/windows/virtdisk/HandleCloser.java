package org.vhdboot.windows.virtdisk;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;

/** Releases a kernel handle; virtdisk handles are ordinary handles closed with CloseHandle. */
@FunctionalInterface
public interface HandleCloser {

    void close(WinNT.HANDLE handle);

    /** kernel32's CloseHandle; Kernel32 is only loaded when a handle is first closed. */
    HandleCloser KERNEL32 = handle -> Kernel32.INSTANCE.CloseHandle(handle);
}
