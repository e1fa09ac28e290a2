package org.vhdboot.windows.win32;

import org.junit.jupiter.api.Test;
import org.vhdboot.windows.virtdisk.StorageDependency;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The storage dependency lines the checklist asks for: both deciding fields of every entry, and the choice. */
class WindowsDiagnosticsTest {
    private static final String HOST = "\\\\?\\Volume{6a1f0c2e-11d2-4b7e-9d3c-0a1b2c3d4e5f}\\";

    @Test
    void printsLevelAndDecodedFlagsOfEveryEntryAndTheRunningDisk() {
        List<StorageDependency> entries = List.of(
                new StorageDependency(0x114, 0, 3, 1, "\\\\.\\PhysicalDrive1", HOST, "\\\\?\\Volume{b}\\",
                        "\\vhd\\Win.vhdx"),
                new StorageDependency(0x4010, 0, 3, 2, "\\\\.\\PhysicalDrive1", HOST, "\\\\?\\Volume{b}\\",
                        "\\vhd\\Win-Current.vhdx"));
        String nl = System.lineSeparator();
        assertEquals("2 entries" + nl
                + "  level 1, flags 0x00000114 (READ_ONLY, SYSTEM_VOLUME, PARENT), provider flags 0x00000000,"
                + " storage device 3" + nl
                + "    host volume " + HOST + nl
                + "    path on host \\vhd\\Win.vhdx" + nl
                + "    dependent volume \\\\?\\Volume{b}\\" + nl
                + "    device \\\\.\\PhysicalDrive1" + nl
                + "  level 2, flags 0x00004010 (SYSTEM_VOLUME, 0x4000), provider flags 0x00000000, storage device 3" + nl
                + "    host volume " + HOST + nl
                + "    path on host \\vhd\\Win-Current.vhdx" + nl
                + "    dependent volume \\\\?\\Volume{b}\\" + nl
                + "    device \\\\.\\PhysicalDrive1" + nl
                + "  running disk (not flagged PARENT, then lowest level): \\\\?\\Volume{6a1f0c2e-11d2-4b7e-9d3c-0a1b2c3d4e5f}"
                + "\\vhd\\Win-Current.vhdx at level 2", WindowsDiagnostics.describe(entries));
    }

    @Test
    void saysWhenNoEntryIsTheRunningDisk() {
        assertEquals("0 entries" + System.lineSeparator()
                + "  running disk (not flagged PARENT, then lowest level): none", WindowsDiagnostics.describe(List.of()));
    }
}
