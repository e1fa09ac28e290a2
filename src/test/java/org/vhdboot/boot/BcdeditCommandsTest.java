package org.vhdboot.boot;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BcdeditCommandsTest {

    private static final UUID LAB = UUID.fromString("6B0F3C1E-2D4A-4E8B-9C7D-1A2B3C4D5E6F");
    private static final String LAB_ID = "{6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f}";
    private final BcdeditCommands system = BcdeditCommands.systemStore("bcdedit");

    @Test
    void everyChangeHasItsExactArgumentList() {
        assertEquals(List.of("bcdedit", "/create", LAB_ID, "/d", "Lab - Current", "/application", "osloader"),
                system.forChange(new BcdChange.CreateLoader(LAB, "Lab - Current")));
        assertEquals(List.of("bcdedit", "/set", LAB_ID, "device", "vhd=[D:]\\virtual disks\\Windows 11.vhdx"),
                system.forChange(new BcdChange.SetElement(LAB, "device", "vhd=[D:]\\virtual disks\\Windows 11.vhdx")));
        assertEquals(List.of("bcdedit", "/delete", LAB_ID, "/cleanup"), system.forChange(new BcdChange.DeleteEntry(LAB)));
        assertEquals(List.of("bcdedit", "/default", LAB_ID), system.forChange(new BcdChange.SetDefault(LAB)));
        assertEquals(List.of("bcdedit", "/displayorder", LAB_ID, "/addlast"),
                system.forChange(new BcdChange.DisplayOrderAddLast(LAB)));
        assertEquals(List.of("bcdedit", "/displayorder", LAB_ID, "/addfirst"),
                system.forChange(new BcdChange.DisplayOrderAddFirst(LAB)));
        assertEquals(List.of("bcdedit", "/timeout", "5"), system.forChange(new BcdChange.SetTimeout(5)));
        assertEquals(List.of("bcdedit", "/bootsequence", LAB_ID), system.forChange(new BcdChange.BootSequence(LAB)));
        assertEquals(List.of("bcdedit", "/export", "C:\\vhdboot\\bcd-backup"),
                system.forChange(new BcdChange.Export(Path.of("C:\\vhdboot\\bcd-backup"))));
    }

    @Test
    void eachIntentBecomesItsCommandLinesInOrder() {
        List<BootElement> template = List.of(new BootElement("device", "vhd=[C:]\\VHD\\Lab.vhdx"),
                new BootElement("path", "\\Windows\\system32\\winload.efi"));
        assertEquals(List.of(
                List.of("bcdedit", "/create", LAB_ID, "/d", "Lab - Current", "/application", "osloader"),
                List.of("bcdedit", "/set", LAB_ID, "device", "vhd=[C:]\\VHD\\Lab.vhdx"),
                List.of("bcdedit", "/set", LAB_ID, "path", "\\Windows\\system32\\winload.efi")),
                system.commandLines(new BootChange.CreateEntry(LAB, "Lab - Current", template)));
        assertEquals(List.of(List.of("bcdedit", "/set", LAB_ID, "device", "vhd=[C:]\\VHD\\Lab.vhdx"),
                List.of("bcdedit", "/set", LAB_ID, "path", "\\Windows\\system32\\winload.efi")),
                system.commandLines(new BootChange.SetElements(LAB, template)));
        assertEquals(List.of(List.of("bcdedit", "/set", LAB_ID, "description", "Lab (Current)")),
                system.commandLines(new BootChange.Rename(LAB, "Lab (Current)")));
        assertEquals(List.of(List.of("bcdedit", "/displayorder", LAB_ID, "/addfirst")),
                system.commandLines(new BootChange.PlaceInMenu(LAB, BootChange.MenuPlace.FIRST)));
        assertEquals(List.of(List.of("bcdedit", "/displayorder", LAB_ID, "/addlast")),
                system.commandLines(new BootChange.PlaceInMenu(LAB, BootChange.MenuPlace.LAST)));
        assertEquals(List.of(List.of("bcdedit", "/default", LAB_ID)), system.commandLines(new BootChange.SetDefault(LAB)));
        assertEquals(List.of(List.of("bcdedit", "/timeout", "5")), system.commandLines(new BootChange.SetTimeout(5)));
        assertEquals(List.of(List.of("bcdedit", "/bootsequence", LAB_ID)),
                system.commandLines(new BootChange.BootOnce(LAB)));
        assertEquals(List.of(List.of("bcdedit", "/bootsequence", LAB_ID, "/remove")),
                system.commandLines(new BootChange.CancelBootOnce(LAB)));
        assertEquals(List.of(List.of("bcdedit", "/delete", LAB_ID, "/cleanup")),
                system.commandLines(new BootChange.DeleteEntry(LAB)));
        assertEquals(List.of(List.of("bcdedit", "/export", "C:\\vhdboot\\bcd-backup")),
                system.commandLines(new BootChange.BackUp(Path.of("C:\\vhdboot\\bcd-backup"))));
    }

    @Test
    void anEntryWithoutTemplateElementsIsOnlyCreated() {
        assertEquals(List.of(List.of("bcdedit", "/create", LAB_ID, "/d", "Lab", "/application", "osloader")),
                system.commandLines(new BootChange.CreateEntry(LAB, "Lab", List.of())));
    }

    @Test
    void anOfflineStoreIsNamedBeforeTheCommandsOwnArguments() {
        BcdeditCommands offline = BcdeditCommands.offlineStore("C:\\Windows\\System32\\bcdedit.exe",
                Path.of("S:\\EFI\\Microsoft\\Boot\\BCD"));

        assertEquals(List.of("C:\\Windows\\System32\\bcdedit.exe", "/store", "S:\\EFI\\Microsoft\\Boot\\BCD",
                "/default", LAB_ID), offline.forChange(new BcdChange.SetDefault(LAB)));
        assertEquals(List.of("C:\\Windows\\System32\\bcdedit.exe", "/store", "S:\\EFI\\Microsoft\\Boot\\BCD",
                "/enum", "{bootmgr}", "/v"), offline.enumerate("{bootmgr}"));
    }

    @Test
    void theExecutableComesFromOptionThenSettingThenEnvironment() {
        Map<String, String> environment = Map.of(BcdeditCommands.EXECUTABLE_VARIABLE, "D:\\tools\\bcdedit.exe");

        assertEquals("opt.exe", BcdeditCommands.chooseExecutable(Optional.of("opt.exe"), Optional.of("ini.exe"), environment));
        assertEquals("ini.exe", BcdeditCommands.chooseExecutable(Optional.of(" "), Optional.of("ini.exe"), environment));
        assertEquals("D:\\tools\\bcdedit.exe", BcdeditCommands.chooseExecutable(Optional.empty(), Optional.empty(), environment));
        assertEquals("bcdedit", BcdeditCommands.chooseExecutable(Optional.empty(), Optional.empty(), Map.of()));
    }

    @Test
    void virtualIdentifiersKeepTheirNames() {
        assertEquals(List.of("bcdedit", "/bootsequence", "{current}"),
                system.forChange(new BcdChange.BootSequence(BcdIdentifiers.CURRENT)));
    }

    @Test
    void valuesNoCommandLineCanCarryAreRefused() {
        IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
                () -> system.forChange(new BcdChange.CreateLoader(LAB, "Lab \"Current\"")));
        assertEquals("The description cannot contain double quotes or line breaks: Lab \"Current\"", quote.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> system.forChange(new BcdChange.SetElement(LAB, "description", "two\nlines")));
        assertThrows(IllegalArgumentException.class,
                () -> system.forChange(new BcdChange.SetElement(LAB, "device path", "x")));
        assertThrows(IllegalArgumentException.class, () -> system.forChange(new BcdChange.SetTimeout(-1)));
        assertThrows(IllegalArgumentException.class, () -> BcdeditCommands.systemStore(" "));
        assertThrows(IllegalArgumentException.class, () -> system.commandLines(new BootChange.SetElements(LAB,
                List.of(new BootElement("device", "vhd=[C:]\\x.vhdx"), new BootElement("path", "a\"b")))));
    }
}
