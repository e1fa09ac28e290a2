package org.vhdboot.windows.win32;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import org.vhdboot.windows.WindowsErrorException;
import org.vhdboot.windows.WindowsErrors;

/** The process token: whether it is elevated, and enabling a privilege it holds but has not switched on. */
public final class ProcessToken {

    private ProcessToken() {
    }

    public static boolean elevated() throws WindowsErrorException {
        WinNT.HANDLE token = open(WinNT.TOKEN_QUERY);
        try {
            WinNT.TOKEN_ELEVATION elevation = new WinNT.TOKEN_ELEVATION();
            if (!Advapi32.INSTANCE.GetTokenInformation(token, WinNT.TOKEN_INFORMATION_CLASS.TokenElevation, elevation,
                    elevation.size(), new IntByReference())) {
                throw new WindowsErrorException("read the elevation of the process token", Native.getLastError());
            }
            return elevation.TokenIsElevated != 0;
        } finally {
            Kernel32.INSTANCE.CloseHandle(token);
        }
    }

    /**
     * Enables {@code privilege} (e.g. SeManageVolumePrivilege) for the whole process. An elevated administrator
     * holds it disabled; AttachVirtualDisk needs it enabled.
     */
    public static void enablePrivilege(String privilege) throws WindowsErrorException {
        WinNT.HANDLE token = open(WinNT.TOKEN_ADJUST_PRIVILEGES | WinNT.TOKEN_QUERY);
        try {
            WinNT.LUID luid = new WinNT.LUID();
            if (!Advapi32.INSTANCE.LookupPrivilegeValue(null, privilege, luid)) {
                throw new WindowsErrorException("look up " + privilege, Native.getLastError());
            }
            WinNT.TOKEN_PRIVILEGES privileges = new WinNT.TOKEN_PRIVILEGES(1);
            privileges.Privileges[0] = new WinNT.LUID_AND_ATTRIBUTES(luid, new WinDef.DWORD(WinNT.SE_PRIVILEGE_ENABLED));
            if (!Advapi32.INSTANCE.AdjustTokenPrivileges(token, false, privileges, 0, null, null)) {
                throw new WindowsErrorException("enable " + privilege, Native.getLastError());
            }
            // AdjustTokenPrivileges succeeds even when the token lacks the privilege; only the last error tells.
            if (Native.getLastError() == WindowsErrors.ERROR_NOT_ALL_ASSIGNED) {
                throw new WindowsErrorException("enable " + privilege, WindowsErrors.ERROR_NOT_ALL_ASSIGNED);
            }
        } finally {
            Kernel32.INSTANCE.CloseHandle(token);
        }
    }

    private static WinNT.HANDLE open(int access) throws WindowsErrorException {
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (!Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(), access, token)) {
            throw new WindowsErrorException("open the process token", Native.getLastError());
        }
        return token.getValue();
    }
}
