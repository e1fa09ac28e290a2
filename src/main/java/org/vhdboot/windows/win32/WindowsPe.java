package org.vhdboot.windows.win32;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;

/** Whether this Windows is WinPE, which lacks Task Scheduler, msg.exe and shutdown.exe. */
public final class WindowsPe {
    /** Only WinPE has this key. */
    static final String MININT_KEY = "SYSTEM\\CurrentControlSet\\Control\\MiniNT";

    private WindowsPe() {
    }

    /** A registry that cannot be read counts as a full Windows, whose restart tools are the usual ones. */
    public static boolean running() {
        try {
            return Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, MININT_KEY);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
