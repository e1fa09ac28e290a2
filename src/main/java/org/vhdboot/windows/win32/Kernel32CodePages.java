package org.vhdboot.windows.win32;

import com.sun.jna.Native;
import com.sun.jna.win32.StdCallLibrary;

/** The code-page queries that decide how console programs such as bcdedit encode their output. */
public interface Kernel32CodePages extends StdCallLibrary {

    /** The console's output code page, or 0 when the process has no console (a scheduled task). */
    int GetConsoleOutputCP();

    /** The system's OEM code page, which console programs use when there is no console. */
    int GetOEMCP();

    static Kernel32CodePages instance() {
        return Holder.INSTANCE;
    }

    final class Holder {
        static final Kernel32CodePages INSTANCE = Native.load("kernel32", Kernel32CodePages.class);

        private Holder() {
        }
    }
}
