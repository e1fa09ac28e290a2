package org.vhdboot.layout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutFileNameTest {
    private static final Path FOLDER = Path.of("/srv/layouts/VHD").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"Win11.vhdx", "Win11-Current.vhdx", "Win 11 (lab).vhd", "Gold-Current.20261126-091425.vhdx",
        "Éclair-Current.vhdx", ".hidden.vhdx", "a..b.vhdx", "CONSOLE.vhdx", "COM10.vhdx", "nul-ish.vhdx"})
    void plainNamesPass(String name) {
        assertEquals(Optional.empty(), LayoutFileName.problem(name, FOLDER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "../x", "..\\x", "a/b.vhdx", "a\\b.vhdx", "/etc/passwd", "C:\\VHD\\x.vhdx", "C:x.vhdx",
        "\\\\server\\share\\x.vhdx", "\\\\?\\C:\\x.vhdx", "\\\\.\\PhysicalDrive0", "x.vhdx:stream", ".", "..",
        "x.vhdx.", "x.vhdx ", "CON", "con.vhdx", "NUL", "Nul.txt", "AUX", "PRN.vhdx", "COM1", "com9.vhdx", "LPT1",
        "lpt9.vhd", "COM\u00B9", "CONIN$", "CON .vhdx", "a\u0000b.vhdx", "a\nb.vhdx", "a\u007Fb", "tab\tname.vhdx",
        "what?.vhdx", "a*b.vhdx", "a<b", "a>b", "a|b", "a\"b"})
    void anythingThatCouldLeaveTheFolderOrIsNoFileIsRefused(String name) {
        assertTrue(LayoutFileName.problem(name, FOLDER).isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(ints = {255, 256})
    void namesLongerThanWindowsAllowsAreRefused(int length) {
        assertEquals(length > 255, LayoutFileName.problem("x".repeat(length), FOLDER).isPresent());
    }
}
