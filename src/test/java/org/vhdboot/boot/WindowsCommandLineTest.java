package org.vhdboot.boot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowsCommandLineTest {

    @Test
    void onlyArgumentsThatNeedItAreQuoted() {
        assertEquals("bcdedit /create {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /d \"Lab - Current\" /application osloader",
                WindowsCommandLine.forConsole(List.of("bcdedit", "/create", "{6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f}",
                        "/d", "Lab - Current", "/application", "osloader")));
        assertEquals("bcdedit /set {current} device vhd=[C:]\\VHD\\Lab.vhdx",
                WindowsCommandLine.forConsole(List.of("bcdedit", "/set", "{current}", "device", "vhd=[C:]\\VHD\\Lab.vhdx")));
    }

    @Test
    void blanksAndCmdOperatorsAreProtected() {
        assertEquals("\"C:\\Program Files\\bcd tools\\bcdedit.exe\" \"vhd=[D:]\\virtual disks\\Windows 11.vhdx\""
                        + " \"Tom & Jerry\" \"a|b\" \"<x>\" \"^\" \"(lab)\" \"\"",
                WindowsCommandLine.forConsole(List.of("C:\\Program Files\\bcd tools\\bcdedit.exe",
                        "vhd=[D:]\\virtual disks\\Windows 11.vhdx", "Tom & Jerry", "a|b", "<x>", "^", "(lab)", "")));
    }

    @Test
    void backslashesBeforeAClosingQuoteAreDoubled() {
        assertEquals("/export \"C:\\bcd backups\\\\\"", WindowsCommandLine.forConsole(List.of("/export", "C:\\bcd backups\\")));
        assertEquals("/export C:\\backups\\", WindowsCommandLine.forConsole(List.of("/export", "C:\\backups\\")));
    }

    @Test
    void percentSignsAreDoubledOnlyInBatchFiles() {
        assertEquals("bcdedit /d \"100% lab\"", WindowsCommandLine.forConsole(List.of("bcdedit", "/d", "100% lab")));
        assertEquals("bcdedit /d \"100%% lab\"", WindowsCommandLine.forBatchFile(List.of("bcdedit", "/d", "100% lab")));
    }
}
