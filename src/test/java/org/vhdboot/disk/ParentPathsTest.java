package org.vhdboot.disk;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParentPathsTest {
    private final ParentPaths linux = new ParentPaths(false);

    @Test
    void relativePathsStartWithDotBackslashOrDotDot() {
        assertEquals(".\\Parent.vhdx", linux.relative(Path.of("/vm"), Path.of("/vm/Parent.vhdx")));
        assertEquals(".\\base\\Parent.vhdx", linux.relative(Path.of("/vm"), Path.of("/vm/base/Parent.vhdx")));
        assertEquals("..\\base\\Parent.vhdx", linux.relative(Path.of("/vm/kids"), Path.of("/vm/base/Parent.vhdx")));
    }

    @Test
    void storedRelativePathsResolveAgainstTheChildsFolder() {
        assertEquals(Optional.of(Path.of("/vm/base/P.vhd")), linux.resolveRelative(Path.of("/vm/kids"), "..\\base\\P.vhd"));
        assertEquals(Optional.of(Path.of("/vm/P.vhd")), linux.resolveRelative(Path.of("/vm"), ".\\P.vhd"));
        assertEquals(Optional.empty(), linux.resolveRelative(Path.of("/vm"), " "));
        assertEquals(Optional.empty(), linux.resolveRelative(Path.of("/vm"), null));
    }

    @Test
    void driveLetterAndVolumePathsMeanNothingOutsideWindows() {
        assertEquals(Optional.empty(), linux.resolveAbsolute("C:\\vm\\P.vhdx"));
        assertEquals(Optional.empty(), linux.resolveAbsolute("\\\\?\\C:\\vm\\P.vhdx"));
        assertEquals(Optional.empty(), linux.resolveAbsolute("\\\\?\\Volume{0a1b2c3d-0000-0000-0000-000000000000}\\P.vhdx"));
        assertEquals(Optional.of(Path.of("/srv/vm/P.vhdx")), linux.resolveAbsolute("\\srv\\vm\\P.vhdx"));
    }

    @Test
    void absolutePathsAreStoredWithBackslashes() {
        assertEquals("\\srv\\vm\\P.vhdx", linux.absolute(Path.of("/srv/vm/P.vhdx")));
        assertEquals("\\srv\\vm\\P.vhdx", linux.absoluteWin32(Path.of("/srv/vm/P.vhdx")));
    }

    @Test
    void theFileNameIsTheLastComponentOfEitherSeparator() {
        assertEquals("P.vhd", ParentPaths.fileName("C:\\vm\\P.vhd"));
        assertEquals("P.vhd", ParentPaths.fileName("/vm/P.vhd"));
        assertEquals("P.vhd", ParentPaths.fileName("P.vhd"));
    }
}
