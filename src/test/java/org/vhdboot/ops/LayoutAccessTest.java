package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.layout.Layout;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.PortablePlatform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may change the layout: init restricts the folder on Windows, status names anyone else who may. */
class LayoutAccessTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private final FakePlatform platform = world.platform;

    @Test
    void initOnWindowsRestrictsTheFolderFirstAndOnlyOnce() throws Exception {
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        platform.windows = true;
        Path folder = dir.toAbsolutePath().normalize();
        platform.otherWriters.put(folder, List.of("NT AUTHORITY\\Authenticated Users"));

        FolderSnapshot before = FolderSnapshot.of(dir);
        InitOperation.Result dryRun = world.init(InitOptions.parent(layout.parent).bootStore("none").dryRun());
        assertEquals("restrict access to " + folder + " to Administrators and SYSTEM", dryRun.actions().get(0));
        assertEquals(List.of(), platform.restricted);
        assertEquals(List.of(), before.changesTo(FolderSnapshot.of(dir)));

        InitOperation.Result init = world.init(InitOptions.parent(layout.parent).bootStore("none"));
        assertEquals("restricted access to Administrators and SYSTEM: " + folder, init.actions().get(0));
        assertEquals(List.of(folder), platform.restricted);

        InitOperation.Result again = world.init(InitOptions.parent(layout.parent).bootStore("none"));
        assertTrue(again.changedNothing(), again.toString());
        assertEquals(List.of(folder), platform.restricted);
    }

    @Test
    void initElsewhereLeavesPermissionsToTheAdmin() throws Exception {
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        platform.otherWriters.put(dir.toAbsolutePath().normalize(), List.of("all users"));
        InitOperation.Result init = world.init(InitOptions.parent(layout.parent).bootStore("none"));
        assertTrue(init.actions().stream().noneMatch(a -> a.contains("restrict")), init.actions().toString());
        assertEquals(List.of(), platform.restricted);
    }

    @Test
    void statusWarnsWhenTheFolderOrTheIniMayBeChangedByOthers() throws Exception {
        LayoutFixture.initialized(dir, world);
        Path folder = dir.toAbsolutePath().normalize();
        platform.otherWriters.put(folder.resolve(Layout.INI_NAME), List.of("PC\\alice (owner)"));
        platform.otherWriters.put(folder, List.of("NT AUTHORITY\\Authenticated Users"));
        StatusOperation.Report status = world.status(dir);
        assertTrue(status.healthy(), "a warning, not a problem: " + status.problems());
        assertTrue(status.warnings().contains(folder + " can be changed by NT AUTHORITY\\Authenticated Users;"
                + " only administrators should, since the agent acts on the layout as SYSTEM (on Windows `vhdboot"
                + " init` restricts it; elsewhere remove their write permission)"), status.warnings().toString());
        assertTrue(status.warnings().stream().anyMatch(w -> w.startsWith(folder.resolve(Layout.INI_NAME)
                + " can be changed by PC\\alice (owner); only")), status.warnings().toString());
    }

    /** The real POSIX check: a folder others may write is named in status. */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void statusReadsThePosixModeOffWindows() throws Exception {
        TestWorld portable = new TestWorld().with(Platform.class, new PortablePlatform());
        LayoutFixture.initialized(dir, portable);
        assertTrue(portable.status(dir).warnings().stream().noneMatch(w -> w.contains("can be changed by")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> warnings = portable.status(dir).warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains(" can be changed by the group ")
                && w.contains(", all users; only administrators should")), warnings.toString());
    }
}
