package org.vhdboot.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.vhdboot.testing.Pipes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptStoreTest {

    private static final UUID LAB = UUID.fromString("6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f");
    private static final String HEADER = "@echo off\r\n"
            + "rem Boot store changes prepared by vhdboot.\r\n"
            + "rem Run from an elevated command prompt; the script stops at the first command that fails.\r\n"
            + "rem Running it again is safe: an entry that exists already is not created twice, nor one gone deleted"
            + " again.\r\n"
            + "chcp 65001 >nul\r\n";

    @TempDir
    Path directory;

    @Test
    void eachChangeBecomesACommandThatStopsTheScriptOnFailure() throws Exception {
        Path script = directory.resolve("prepare-boot.cmd");
        ScriptStore store = new ScriptStore(script, BcdeditCommands.systemStore("bcdedit"));

        store.apply(new BootChange.CreateEntry(LAB, "Lab - Current", List.of()));
        store.apply(new BootChange.SetElements(LAB, List.of(new BootElement("device", "vhd=[D:]\\virtual disks\\Lab 100%.vhdx"))));
        store.apply(new BootChange.PlaceInMenu(LAB, BootChange.MenuPlace.LAST));
        store.apply(new BootChange.BackUp(Path.of("C:\\vhdboot\\bcd-backup")));

        assertEquals(HEADER
                + "bcdedit /enum {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /v >nul 2>&1 || "
                + "bcdedit /create {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /d \"Lab - Current\" /application osloader\r\n"
                + "if errorlevel 1 exit /b 1\r\n"
                + "bcdedit /set {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} device \"vhd=[D:]\\virtual disks\\Lab 100%%.vhdx\"\r\n"
                + "if errorlevel 1 exit /b 1\r\n"
                + "bcdedit /displayorder {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /addlast\r\n"
                + "if errorlevel 1 exit /b 1\r\n"
                + "bcdedit /export C:\\vhdboot\\bcd-backup\r\n"
                + "if errorlevel 1 exit /b 1\r\n", Files.readString(script, StandardCharsets.UTF_8));
    }

    @Test
    void anExistingScriptIsContinuedWithoutASecondHeader() throws Exception {
        Path script = directory.resolve("prepare-boot.cmd");
        BcdeditCommands offline = BcdeditCommands.offlineStore("bcdedit", Path.of("S:\\EFI\\Microsoft\\Boot\\BCD"));
        new ScriptStore(script, offline).apply(new BootChange.SetTimeout(5));

        new ScriptStore(script, offline).apply(new BootChange.SetDefault(LAB));

        assertEquals(HEADER
                + "bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /timeout 5\r\n"
                + "if errorlevel 1 exit /b 1\r\n"
                + "bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /default {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f}\r\n"
                + "if errorlevel 1 exit /b 1\r\n", Files.readString(script, StandardCharsets.UTF_8));
    }

    @Test
    void anEntryFromATemplateIsOneWriteOfItsCommandLinesAndDescribedAsTheyWouldBeTyped() throws Exception {
        Path script = directory.resolve("prepare-boot.cmd");
        ScriptStore store = new ScriptStore(script, BcdeditCommands.systemStore("C:\\Tools\\bcdedit.exe"));
        BootChange change = new BootChange.CreateEntry(LAB, "Lab - Current", List.of(
                new BootElement("device", "vhd=[C:]\\VHD\\Lab.vhdx"), new BootElement("nx", "OptIn")));

        store.apply(change);

        assertEquals(HEADER
                + "C:\\Tools\\bcdedit.exe /enum {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /v >nul 2>&1 || "
                + "C:\\Tools\\bcdedit.exe /create {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /d \"Lab - Current\" /application osloader\r\n"
                + "if errorlevel 1 exit /b 1\r\n"
                + "C:\\Tools\\bcdedit.exe /set {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} device vhd=[C:]\\VHD\\Lab.vhdx\r\n"
                + "if errorlevel 1 exit /b 1\r\n"
                + "C:\\Tools\\bcdedit.exe /set {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} nx OptIn\r\n"
                + "if errorlevel 1 exit /b 1\r\n", Files.readString(script, StandardCharsets.UTF_8));
        assertEquals(List.of(
                "C:\\Tools\\bcdedit.exe /create {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /d \"Lab - Current\" /application osloader",
                "C:\\Tools\\bcdedit.exe /set {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} device vhd=[C:]\\VHD\\Lab.vhdx",
                "C:\\Tools\\bcdedit.exe /set {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} nx OptIn"), store.describe(change));
    }

    /**
     * A second run finds the entry gone: it deletes nothing, goes on, and ends with exit 0; an entry still there after
     * the delete stops it, and so does a store it cannot read (not elevated, a wrong path), with bcdedit's error.
     */
    @Test
    void aDeleteRunsOnlyOnAnEntryThatExistsAndStopsOnlyWhereTheEntryIsStillThere() throws Exception {
        Path script = directory.resolve("vhdboot-remove-entries.cmd");
        new ScriptStore(script, BcdeditCommands.offlineStore("bcdedit", Path.of("S:\\EFI\\Microsoft\\Boot\\BCD")))
                .apply(new BootChange.DeleteEntry(LAB));

        assertEquals(HEADER
                + "bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /enum all /v >nul\r\n"
                + "if errorlevel 1 exit /b 1\r\n"
                + "bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /enum {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /v >nul 2>&1"
                + " && bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /delete {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /cleanup\r\n"
                + "bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /enum {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /v >nul 2>&1"
                + " && exit /b 1 || ver >nul\r\n",
                Files.readString(script, StandardCharsets.UTF_8));
    }

    /** A pipe at the script's name would hold the command (the agent's confirm) until someone read it. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
    void aPipeAtTheScriptsNameIsRefusedWithoutWaiting() throws Exception {
        Path script = directory.resolve("vhdboot-boot-entries.cmd");
        Pipes.putAt(script);
        ScriptStore store = new ScriptStore(script, BcdeditCommands.systemStore("bcdedit"));
        BootStoreException refused = assertThrows(BootStoreException.class, () -> assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(30), () -> store.apply(new BootChange.SetTimeout(5))));
        assertEquals("Cannot write the boot script: " + script + " is a pipe or a device where vhdboot keeps a file"
                + " of its own; move it away and run the command again", refused.getMessage());
    }

    @Test
    void aValueNoCommandLineCanCarryWritesNothing() {
        Path script = directory.resolve("prepare-boot.cmd");
        ScriptStore store = new ScriptStore(script, BcdeditCommands.systemStore("bcdedit"));

        assertThrows(IllegalArgumentException.class, () -> store.apply(new BootChange.CreateEntry(LAB, "Lab",
                List.of(new BootElement("device", "vhd=[C:]\\VHD\\Lab.vhdx"), new BootElement("description", "two\nlines")))));

        assertFalse(Files.exists(script));
    }

    @Test
    void anOfflineStoresCreateIsGuardedByALookupInTheSameStore() throws Exception {
        Path script = directory.resolve("vhdboot-boot-entries.cmd");
        BcdeditCommands offline = BcdeditCommands.offlineStore("bcdedit", Path.of("S:\\EFI\\Microsoft\\Boot\\BCD"));

        new ScriptStore(script, offline).apply(new BootChange.CreateEntry(LAB, "Lab (Current) 100%", List.of()));

        assertEquals(HEADER
                + "bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /enum {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f} /v >nul 2>&1"
                + " || bcdedit /store S:\\EFI\\Microsoft\\Boot\\BCD /create {6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f}"
                + " /d \"Lab (Current) 100%%\" /application osloader\r\n"
                + "if errorlevel 1 exit /b 1\r\n", Files.readString(script, StandardCharsets.UTF_8));
    }

    @Test
    void descriptionsInAnyLanguageAreWrittenAsUtf8() throws Exception {
        Path script = directory.resolve("prepare-boot.cmd");

        new ScriptStore(script, BcdeditCommands.systemStore("bcdedit")).apply(new BootChange.CreateEntry(LAB, "实验室 - 当前", List.of()));

        assertTrue(Files.readString(script, StandardCharsets.UTF_8).contains("/d \"实验室 - 当前\" /application"));
    }

    @Test
    void nothingCanBeReadBack() throws Exception {
        ScriptStore store = new ScriptStore(directory.resolve("prepare-boot.cmd"), BcdeditCommands.systemStore("bcdedit"));

        assertEquals(BootStoreKind.SCRIPT, store.kind());
        assertFalse(store.readable());
        assertTrue(store.entry(LAB).isEmpty());
        assertTrue(store.current().isEmpty());
        assertEquals(BootManagerState.unknown(), store.manager());
        assertEquals(List.of("bcdedit /timeout 5"), store.describe(new BootChange.SetTimeout(5)));
    }

    @Test
    void anUnwritableScriptIsAOneLineError() {
        Path script = directory.resolve("missing-folder").resolve("prepare-boot.cmd");
        ScriptStore store = new ScriptStore(script, BcdeditCommands.systemStore("bcdedit"));

        BootStoreException failure = assertThrows(BootStoreException.class, () -> store.apply(new BootChange.SetTimeout(5)));

        assertTrue(failure.getMessage().startsWith("Cannot write the boot script " + script + ": "), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"));
    }
}
