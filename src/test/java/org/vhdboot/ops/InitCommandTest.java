package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.io.ReadOnlyMark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitCommandTest {
    @TempDir
    Path dir;

    private final Services services = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(new FakePlatform());
    private LayoutFixture layout;

    @BeforeEach
    void setUp() throws Exception {
        layout = new LayoutFixture(dir);
        layout.buildParent();
    }

    private CommandRun init(String... extra) {
        return CommandRun.with(services, Stream.concat(Stream.of("init", "--parent", layout.parent.toString()),
                Stream.of(extra)).toArray(String[]::new));
    }

    private void assertNothingCreated() throws Exception {
        assertFalse(ReadOnlyMark.isMarked(layout.parent), "the parent was not marked");
        assertFalse(Files.exists(layout.current));
        assertFalse(Files.exists(layout.recovery));
        assertFalse(Files.exists(dir.resolve(Layout.INI_NAME)));
    }

    @Test
    void aBadBootSettingIsRefusedBeforeAnyChange() throws Exception {
        CommandRun noFolder = init("--boot-store", "script");
        assertEquals(ExitCode.USAGE.code(), noFolder.exitCode(), noFolder.toString());
        assertTrue(noFolder.err().contains("--boot-folder"), noFolder.err());
        assertNothingCreated();

        CommandRun badTemplate = init("--boot-store", "script", "--boot-folder", "C:\\VHD", "--template",
                dir.resolve("missing.ini").toString());
        assertEquals(ExitCode.USAGE.code(), badTemplate.exitCode(), badTemplate.toString());
        assertNothingCreated();
    }

    @Test
    void aBcdeditThatCannotRunIsFoundBeforeAnyChange() throws Exception {
        FakePlatform unknownFirmware = new FakePlatform();
        unknownFirmware.firmware = org.vhdboot.windows.FirmwareType.UNKNOWN;
        CommandRun run = CommandRun.with(services.withPlatform(unknownFirmware), "init", "--parent",
                layout.parent.toString(), "--boot-folder", "C:\\VHD", "--bcdedit", dir.resolve("no-bcdedit").toString());
        assertEquals(ExitCode.BOOT_STORE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("Cannot run " + dir.resolve("no-bcdedit")), run.err());
        assertEquals(1, run.err().lines().filter(line -> line.contains("firmware type unknown")).count(), run.err());
        assertNothingCreated();
    }

    @Test
    void theAutoTemplateFollowsTheFirmware() throws Exception {
        for (org.vhdboot.windows.FirmwareType firmware : org.vhdboot.windows.FirmwareType.values()) {
            FakePlatform platform = new FakePlatform();
            platform.firmware = firmware;
            Files.deleteIfExists(dir.resolve(BootStores.SCRIPT_FILE));
            CommandRun run = CommandRun.with(services.withPlatform(platform), "init", "--parent",
                    layout.parent.toString(), "--boot-store", "script", "--boot-folder", "C:\\VHD");
            assertEquals(0, run.exitCode(), run.toString());
            String loader = firmware == org.vhdboot.windows.FirmwareType.BIOS ? "winload.exe" : "winload.efi";
            assertTrue(Files.readString(dir.resolve(BootStores.SCRIPT_FILE)).contains(loader), firmware + ": " + loader);
            assertEquals(firmware == org.vhdboot.windows.FirmwareType.UNKNOWN, run.err().contains("firmware type unknown"),
                    run.err());
            Files.delete(dir.resolve(Layout.INI_NAME));
        }
    }

    @Test
    void withoutABootStoreTheFirmwareDoesNotMatter() throws Exception {
        FakePlatform unknownFirmware = new FakePlatform();
        unknownFirmware.firmware = org.vhdboot.windows.FirmwareType.UNKNOWN;
        CommandRun run = CommandRun.with(services.withPlatform(unknownFirmware), "init", "--parent",
                layout.parent.toString(), "--boot-store", "none");
        assertEquals(0, run.exitCode(), run.toString());
        assertFalse(run.err().contains("firmware"), run.err());
    }

    @Test
    void anUnknownBootStoreOrATimeoutOutOfRangeIsAUsageError() throws Exception {
        for (String[] bad : new String[][] {{"--boot-store", "grub"}, {"--timeout", "1000", "--boot-store", "none"},
                {"--timeout", "-1", "--boot-store", "none"}}) {
            CommandRun run = init(bad);
            assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains(bad[0] + " must be"), run.err());
        }
        assertNothingCreated();
    }

    @Test
    void aNameThatIsNotAFileNamePartIsRefused() throws Exception {
        for (String name : new String[] {"say \"hi\"", "../escaped", "a/b", " "}) {
            CommandRun run = init("--boot-store", "none", "--name", name);
            assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
        }
        assertNothingCreated();
        try (Stream<Path> files = Files.list(dir.getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("escaped")));
        }
    }

    @Test
    void aSecondRunKeepsTheSettingsItWasNotGiven() throws Exception {
        assertEquals(0, init("--boot-store", "script", "--boot-folder", "C:\\VHD", "--template", "bios",
                "--timeout", "7").exitCode());
        CommandRun again = init();
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("nothing to do"), again.out());
        Layout saved = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertEquals(BootStoreKind.SCRIPT, saved.bootStore());
        assertEquals("bios", saved.template());
        assertEquals(7, saved.timeout());
    }

    @Test
    void initAfterRemoveBringsTheEntriesBack() throws Exception {
        assertEquals(0, init("--boot-store", "script", "--boot-folder", "C:\\VHD").exitCode());
        Layout before = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertEquals(0, CommandRun.with(services, "remove", "--layout", dir.toString()).exitCode());
        CommandRun again = init();
        assertEquals(0, again.exitCode(), again.toString());
        Layout after = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertEquals(before.child(Role.CURRENT).entryId(), after.child(Role.CURRENT).entryId());
        assertTrue(Files.readString(dir.resolve(BootStores.SCRIPT_FILE)).contains("/create {"
                + after.child(Role.CURRENT).entryId() + "}"));
    }

    @Test
    void removeWithoutABootStoreHasNoEntriesToTakeOut() throws Exception {
        assertEquals(0, init("--boot-store", "none").exitCode());
        CommandRun json = CommandRun.with(services, "remove", "--layout", dir.toString(), "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().contains("\"commands\" : [ ]"), json.out());
        assertEquals(0, init("--boot-store", "none").exitCode());
        CommandRun text = CommandRun.with(services, "remove", "--layout", dir.toString());
        assertEquals(0, text.exitCode(), text.toString());
        assertFalse(text.out().contains("ran:"), text.out());
        assertTrue(text.out().contains("no boot entries to remove"), text.out());
    }
}
