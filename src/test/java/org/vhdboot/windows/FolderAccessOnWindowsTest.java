package org.vhdboot.windows;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * On a real Windows (docs/windows-validation.md step 15): a folder the test user made can be changed by that
 * user; restricted (elevated only), only Administrators and SYSTEM may change it and the files made in it.
 */
@EnabledOnOs(OS.WINDOWS)
class FolderAccessOnWindowsTest {
    private final Platform platform = Platforms.current();

    @TempDir
    Path dir;

    @Test
    void restrictsAFolderAndWhatIsMadeInIt() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("layout"));
        List<String> before = platform.otherWriters(folder);
        System.out.println("may change a new folder in %TEMP%: " + before);
        assertFalse(before.isEmpty(), "the user who made the folder owns it");
        Assumptions.assumeTrue(platform.elevated(), "restricting needs an elevated prompt");
        platform.restrictToAdministrators(folder);
        assertEquals(List.of(), platform.otherWriters(folder));
        Path ini = Files.writeString(folder.resolve("vhdboot.ini"), "[layout]\n");
        assertEquals(List.of(), platform.otherWriters(ini));
    }
}
