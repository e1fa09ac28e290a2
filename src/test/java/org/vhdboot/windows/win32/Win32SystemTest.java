package org.vhdboot.windows.win32;

import org.junit.jupiter.api.Test;
import org.vhdboot.windows.WindowsErrorException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How Win32System reads the raw answers of calls whose documentation and practice differ. */
class Win32SystemTest {

    @Test
    void isNativeVhdBootSucceedingSaysWhatItFound() throws Exception {
        assertTrue(Win32System.nativeVhdBoot(1, 1, 0));
        assertFalse(Win32System.nativeVhdBoot(1, 0, 0));
        assertFalse(Win32System.nativeVhdBoot(1, 0, 87), "a stale error beside success is ignored");
    }

    @Test
    void isNativeVhdBootFalseWithoutAnErrorMeansANormalBoot() throws Exception {
        assertFalse(Win32System.nativeVhdBoot(0, 0, 0));
    }

    @Test
    void isNativeVhdBootFalseWithAnErrorIsAFailure() {
        WindowsErrorException e = assertThrows(WindowsErrorException.class, () -> Win32System.nativeVhdBoot(0, 0, 5));
        assertEquals(5, e.code());
        assertEquals("cannot ask whether Windows started from a virtual disk: access denied: not elevated, run as"
                + " administrator (Windows error 5)", e.getMessage());
    }
}
