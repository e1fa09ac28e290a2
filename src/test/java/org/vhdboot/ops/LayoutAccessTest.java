package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may write the layout: on Windows init restricts the folder to Administrators and SYSTEM before it makes
 * any file there; status warns when the folder or the ini may be changed by anyone else.
 */
class LayoutAccessTest {
    @TempDir
    Path dir;

    private final FakePlatform platform = new FakePlatform();
    private final Services services = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(platform);

    @Test
    void initOnWindowsRestrictsTheFolderFirstAndOnlyOnce() throws Exception {
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        platform.windows = true;
        Path folder = dir.toAbsolutePath().normalize();
        platform.otherWriters.put(folder, List.of("NT AUTHORITY\\Authenticated Users"));

        FolderSnapshot before = FolderSnapshot.of(dir);
        CommandRun dryRun = CommandRun.with(services, "init", "--dry-run", "--parent", layout.parent.toString(),
                "--boot-store", "none");
        assertEquals(0, dryRun.exitCode(), dryRun.toString());
        assertEquals("would restrict access to " + folder + " to Administrators and SYSTEM",
                dryRun.out().lines().findFirst().orElseThrow());
        assertEquals(List.of(), platform.restricted);
        assertEquals(List.of(), before.changesTo(FolderSnapshot.of(dir)));

        CommandRun init = CommandRun.with(services, "init", "--parent", layout.parent.toString(), "--boot-store", "none");
        assertEquals(0, init.exitCode(), init.toString());
        assertEquals("restricted access to Administrators and SYSTEM: " + folder,
                init.out().lines().findFirst().orElseThrow());
        assertEquals(List.of(folder), platform.restricted);

        CommandRun again = CommandRun.with(services, "init", "--parent", layout.parent.toString(), "--boot-store", "none");
        assertTrue(again.out().contains("nothing to do"), again.out());
        assertEquals(List.of(folder), platform.restricted);
    }

    @Test
    void initElsewhereLeavesPermissionsToTheAdmin() throws Exception {
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        platform.otherWriters.put(dir.toAbsolutePath().normalize(), List.of("all users"));
        CommandRun init = CommandRun.with(services, "init", "--parent", layout.parent.toString(), "--boot-store", "none");
        assertEquals(0, init.exitCode(), init.toString());
        assertFalse(init.out().contains("restrict"), init.out());
        assertEquals(List.of(), platform.restricted);
    }

    @Test
    void statusWarnsWhenTheFolderOrTheIniMayBeChangedByOthers() throws Exception {
        LayoutFixture.initialized(dir, services);
        Path folder = dir.toAbsolutePath().normalize();
        platform.otherWriters.put(folder.resolve(Layout.INI_NAME), List.of("PC\\alice (owner)"));
        platform.otherWriters.put(folder, List.of("NT AUTHORITY\\Authenticated Users"));
        CommandRun status = CommandRun.with(services, "status", "--layout", dir.toString());
        assertEquals(0, status.exitCode(), "a warning, not a problem: " + status);
        assertTrue(status.out().contains("warning: " + folder + " can be changed by NT AUTHORITY\\Authenticated Users;"
                + " only administrators should, since the agent acts on the layout as SYSTEM (on Windows `vhdboot"
                + " init` restricts it; elsewhere remove their write permission)"), status.out());
        assertTrue(status.out().contains("warning: " + folder.resolve(Layout.INI_NAME) + " can be changed by"
                + " PC\\alice (owner); only"), status.out());
    }

    /** The real POSIX check, end to end: a folder others may write is named in status. */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void statusReadsThePosixModeOffWindows() throws Exception {
        Services portable = new Services(null, Map.of(), Clock.systemUTC());
        LayoutFixture.initialized(dir, portable);
        CommandRun quiet = CommandRun.with(portable, "status", "--layout", dir.toString());
        assertFalse(quiet.out().contains("can be changed by"), quiet.out());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        CommandRun status = CommandRun.with(portable, "status", "--layout", dir.toString());
        assertTrue(status.out().contains(" can be changed by the group "), status.out());
        assertTrue(status.out().contains(", all users; only administrators should"), status.out());
    }
}
