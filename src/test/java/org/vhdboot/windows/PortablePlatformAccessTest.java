package org.vhdboot.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Off Windows, who else may write a layout is told by the POSIX mode, and init leaves permissions alone. */
@DisabledOnOs(OS.WINDOWS)
class PortablePlatformAccessTest {
    private final PortablePlatform platform = new PortablePlatform();

    @TempDir
    Path dir;

    @Test
    void groupAndOtherWriteBitsAreOtherWriters() throws Exception {
        String group = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(List.of(), platform.otherWriters(dir));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertEquals(List.of("the group " + group), platform.otherWriters(dir));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(List.of("the group " + group, "all users"), platform.otherWriters(dir));
    }

    @Test
    void restrictingChangesNothingHere() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        platform.restrictToAdministrators(dir);
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }
}
