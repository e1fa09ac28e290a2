package org.vhdboot.boot;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BcdeditOutputParserTest {

    private static UUID id(String text) {
        return UUID.fromString(text);
    }

    private static List<UUID> ids(BcdeditListing listing) {
        return listing.entries().stream().map(BootEntry::id).toList();
    }

    private static BootEntry entry(BcdeditListing listing, UUID id) {
        return listing.find(id).orElseThrow(() -> new AssertionError("no entry " + id));
    }

    @Test
    void englishUefiVerboseWithWindows8LocateDevices() {
        BcdeditListing listing = BcdeditOutputParser.parse(Fixtures.text("en-us_uefi_enum-v_vhdx-locate.txt"));
        UUID current = id("c4a1e7d2-5b3f-4e60-9a8d-1f2e3d4c5b6a");
        UUID recovery = id("c4a1e7d3-5b3f-4e60-9a8d-1f2e3d4c5b6a");
        UUID host = id("0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47");

        assertEquals(List.of(BcdIdentifiers.BOOTMGR, current, recovery, host), ids(listing));
        BootManagerState manager = BootManagerState.of(entry(listing, BcdIdentifiers.BOOTMGR));
        assertEquals(new BootManagerState(Optional.of(current), List.of(current, recovery, host), Optional.of(5), List.of()),
                manager);
        BootEntry lab = entry(listing, current);
        assertEquals(Optional.of("vhd=[C:]\\VHD\\Lab-Current.vhdx,locate=custom:12000002"), lab.value("device"));
        assertEquals(Optional.of("vhd=[C:]\\VHD\\Lab-Current.vhdx,locate=custom:22000002"), lab.value("osdevice"));
        assertEquals(Optional.of("Lab - Current"), lab.value("description"));
        assertEquals(Optional.of("0x15000075"), lab.value("allowedinmemorysettings"));
        assertEquals(Optional.of("Yes"), lab.value("isolatedcontext"));
        assertEquals(Optional.of("\\EFI\\Microsoft\\Boot\\bootmgfw.efi"),
                entry(listing, BcdIdentifiers.BOOTMGR).value("path"));
        assertEquals(Optional.of("No"), entry(listing, host).value("recoveryenabled"));
    }

    @Test
    void englishBiosWithAliasesAndWindows7VhdEntries() {
        BcdeditListing listing = BcdeditOutputParser.parse(Fixtures.text("en-us_bios_enum_vhd-win7.txt"));
        UUID lab = id("e07d5c3a-92b1-4f8e-8c6d-7a5b4c3d2e1f");
        UUID spare = id("e07d5c3b-92b1-4f8e-8c6d-7a5b4c3d2e1f");

        assertEquals(List.of(BcdIdentifiers.BOOTMGR, BcdIdentifiers.CURRENT, lab, spare), ids(listing));
        BootEntry bootManager = entry(listing, BcdIdentifiers.BOOTMGR);
        assertEquals(Optional.empty(), bootManager.value("path"));
        assertEquals(new BootManagerState(Optional.of(BcdIdentifiers.CURRENT),
                List.of(BcdIdentifiers.CURRENT, lab, spare), Optional.of(30), List.of()), BootManagerState.of(bootManager));
        assertEquals(Optional.of("{memdiag}"), bootManager.value("toolsdisplayorder"));
        assertEquals(Optional.of(BcdIdentifiers.GLOBALSETTINGS),
                bootManager.value("inherit").flatMap(BcdIdentifiers::parse));
        assertEquals(Optional.of("vhd=[G:]\\vhd\\lab7.vhd"), entry(listing, lab).value("device"));
        assertEquals(Optional.of("Yes"), entry(listing, lab).value("detecthal"));
        assertEquals(Optional.of("\\Windows\\system32\\winload.exe"), entry(listing, lab).value("path"));
        assertEquals(Optional.of("vhd=[G:]\\vhd\\lab7 spare.vhd"), entry(listing, spare).value("osdevice"));
        assertEquals(Optional.of("Windows 7 Lab (spare)"), entry(listing, spare).value("description"));
        // {default} is virtual: here it resolves through the boot manager's default, which is {current}.
        assertEquals(Optional.of("Windows 10"), listing.find("{default}").flatMap(e -> e.value("description")));
        assertEquals(Optional.of("Windows 10"), listing.find("{current}").flatMap(e -> e.value("description")));
    }

    @Test
    void germanLabelsTitlesAndADefaultThatIsNotTheRunningSystem() {
        BcdeditListing listing = BcdeditOutputParser.parse(Fixtures.text("de-de_uefi_enum_vhdx-spaces.txt"));

        assertEquals(List.of(BcdIdentifiers.BOOTMGR, BcdIdentifiers.CURRENT, BcdIdentifiers.DEFAULT), ids(listing));
        BootManagerState manager = BootManagerState.of(entry(listing, BcdIdentifiers.BOOTMGR));
        assertEquals(Optional.of(BcdIdentifiers.DEFAULT), manager.defaultEntry());
        assertEquals(List.of(BcdIdentifiers.CURRENT, BcdIdentifiers.DEFAULT), manager.displayOrder());
        BootEntry lab = listing.find("{default}").orElseThrow();
        assertEquals(Optional.of("vhd=[D:]\\Virtuelle Datenträger\\Windows 11 Labor.vhdx"), lab.value("device"));
        assertEquals(Optional.of("Labor - Aktuell"), lab.value("description"));
        assertEquals(Optional.of("Windows 11 Pro"), listing.find("{current}").flatMap(e -> e.value("description")));
    }

    @Test
    void frenchBiosVerboseWithABootSequence() {
        BcdeditListing listing = BcdeditOutputParser.parse(Fixtures.text("fr-fr_bios_enum-v.txt"));
        UUID running = id("9f8e7d6c-5b4a-4392-a1b0-c9d8e7f6a5b4");
        UUID lab = id("9f8e7d6d-5b4a-4392-a1b0-c9d8e7f6a5b4");

        assertEquals(List.of(BcdIdentifiers.BOOTMGR, running, lab), ids(listing));
        assertEquals(new BootManagerState(Optional.of(lab), List.of(running, lab), Optional.of(3), List.of(running)),
                BootManagerState.of(entry(listing, BcdIdentifiers.BOOTMGR)));
        assertEquals(Optional.of("vhd=[C:]\\VHD\\Labo - Courant.vhdx"), entry(listing, lab).value("osdevice"));
        // {default} also resolves in /v output, through the boot manager's default GUID.
        assertEquals(Optional.of(lab), listing.find(BcdIdentifiers.DEFAULT).map(BootEntry::id));
    }

    @Test
    void chineseValuesStartAfterDisplayWidthPaddingNotAtCharacter24() {
        String output = Fixtures.text("zh-cn_uefi_enum_vhdx-spaces.txt");
        String identifierLine = output.lines().filter(line -> line.startsWith("标识符")).findFirst().orElseThrow();
        assertEquals(21, identifierLine.indexOf('{'), "the fixture pads 标识符 (6 cells) with 18 spaces");

        BcdeditListing listing = BcdeditOutputParser.parse(output);
        UUID lab = id("2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901");

        assertEquals(List.of(BcdIdentifiers.BOOTMGR, BcdIdentifiers.CURRENT, lab), ids(listing));
        assertEquals(Optional.of("vhd=[D:]\\虚拟磁盘\\Windows 11 实验.vhdx"), entry(listing, lab).value("device"));
        assertEquals(Optional.of("实验室 - 当前"), entry(listing, lab).value("description"));
        assertEquals(List.of(BcdIdentifiers.CURRENT, lab),
                BootManagerState.of(entry(listing, BcdIdentifiers.BOOTMGR)).displayOrder());
    }

    @Test
    void japaneseWithoutBlankLinesBetweenObjects() {
        BcdeditListing listing = BcdeditOutputParser.parse(Fixtures.text("ja-jp_uefi_enum-v_no-blank-lines.txt"));
        UUID running = id("7d8e9fa0-b1c2-43d4-95e6-f708192a3b4c");
        UUID lab = id("7d8e9fa1-b1c2-43d4-95e6-f708192a3b4c");

        assertEquals(List.of(BcdIdentifiers.BOOTMGR, running, lab), ids(listing));
        assertEquals(List.of(lab, running), BootManagerState.of(entry(listing, BcdIdentifiers.BOOTMGR)).displayOrder());
        assertEquals(Optional.of("vhd=[C:]\\VHD\\ラボ 現在.vhdx,locate=custom:12000002"), entry(listing, lab).value("device"));
        assertEquals(Optional.of("\\Windows"), entry(listing, lab).value("systemroot"));
        assertEquals(7, entry(listing, running).elements().size(), "no title line is taken for an element");
    }

    @Test
    void everyObjectOfAnEnumAllIncludingSettingsGroups() {
        BcdeditListing listing = BcdeditOutputParser.parse(Fixtures.text("en-us_uefi_enum-all-v.txt"));

        assertEquals(12, listing.entries().size());
        assertEquals(Map.of(), entry(listing, BcdIdentifiers.BADMEMORY).elements());
        assertEquals(List.of("{" + BcdIdentifiers.GLOBALSETTINGS + "}"),
                entry(listing, BcdIdentifiers.RESUMELOADERSETTINGS).values("inherit"));
        assertEquals(3, entry(listing, BcdIdentifiers.GLOBALSETTINGS).values("inherit").size());
        assertEquals(List.of("{" + BcdIdentifiers.BOOTMGR + "}", "{d1e2f3a4-b5c6-47d8-89e0-f1a2b3c4d5e6}"),
                entry(listing, BcdIdentifiers.FWBOOTMGR).values("displayorder"));
        assertEquals(Optional.of("UEFI: PXE IPv4 Intel(R) Ethernet"),
                listing.find("{d1e2f3a4-b5c6-47d8-89e0-f1a2b3c4d5e6}").flatMap(e -> e.value("description")));
    }

    @Test
    void gbkBytesDecodeWithTheConsoleCodePage() {
        BcdeditListing fromGbk = BcdeditOutputParser.parse(Fixtures.bytes("zh-cn_uefi_enum_vhdx-spaces.gbk"),
                Charset.forName("GBK"));

        assertEquals(BcdeditOutputParser.parse(Fixtures.text("zh-cn_uefi_enum_vhdx-spaces.txt")), fromGbk);
        BcdeditListing misread = BcdeditOutputParser.parse(Fixtures.bytes("zh-cn_uefi_enum_vhdx-spaces.gbk"),
                StandardCharsets.UTF_8);
        assertNotEquals(fromGbk, misread);
        assertEquals(ids(fromGbk), ids(misread), "structure and GUIDs survive even a wrong code page");
    }

    @Test
    void cp932BytesDecodeWithTheConsoleCodePage() {
        BcdeditListing fromCp932 = BcdeditOutputParser.parse(
                Fixtures.bytes("ja-jp_uefi_enum-v_no-blank-lines.cp932"), Charset.forName("windows-31j"));

        assertEquals(BcdeditOutputParser.parse(Fixtures.text("ja-jp_uefi_enum-v_no-blank-lines.txt")), fromCp932);
    }

    @Test
    void textThatIsNoObjectIsIgnored() {
        assertEquals(List.of(),
                BcdeditOutputParser.parse("There are no matching objects or the store is empty.\r\n").entries());
        String withMessageFirst = "The operation completed successfully.\n\nWindows Boot Loader\n-------------------\n"
                + "identifier              {0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47}\n"
                + "description             Windows 11\n";
        assertEquals(List.of(id("0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47")),
                ids(BcdeditOutputParser.parse(withMessageFirst)));
    }

    @Test
    void anElementWithoutAValueIsKeptEmpty() {
        BcdeditListing listing = BcdeditOutputParser.parse(
                "identifier              {0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47}\nloadoptions\nnx    OptIn\n");

        assertEquals(Map.of("loadoptions", List.of(""), "nx", List.of("OptIn")), listing.entries().get(0).elements());
    }

    @Test
    void theGuidIsTakenFromSuccessMessagesInAnyLanguage() {
        UUID expected = id("0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47");
        for (String message : List.of(
                "The entry {0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47} was successfully created.",
                "Der Eintrag wurde erfolgreich in {0B8E3F21-7C4D-4A95-B6E2-9D1C0A3F8E47} kopiert.",
                "已将该项成功复制到 {0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47}。",
                "エントリ {0b8e3f21-7c4d-4a95-b6e2-9d1c0a3f8e47} は正常に作成されました。")) {
            assertEquals(Optional.of(expected), BcdeditOutputParser.guidInMessage(message), message);
        }
        assertEquals(Optional.empty(), BcdeditOutputParser.guidInMessage("操作成功完成。"));
        assertTrue(BcdeditOutputParser.guidInMessage("{bootmgr}").isEmpty(), "aliases are no GUIDs");
    }
}
