package org.vhdboot.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BootTemplateTest {

    private static final String VHD = "[C:]\\VHD\\Lab Current.vhdx";

    @TempDir
    Path directory;

    private static List<BootElement> expected(String loader) {
        return List.of(
                new BootElement("device", "vhd=[C:]\\VHD\\Lab Current.vhdx"),
                new BootElement("path", "\\Windows\\system32\\" + loader),
                new BootElement("locale", "de-DE"),
                new BootElement("inherit", "{bootloadersettings}"),
                new BootElement("isolatedcontext", "Yes"),
                new BootElement("allowedinmemorysettings", "0x15000075"),
                new BootElement("osdevice", "vhd=[C:]\\VHD\\Lab Current.vhdx"),
                new BootElement("systemroot", "\\Windows"),
                new BootElement("nx", "OptIn"),
                new BootElement("bootmenupolicy", "Standard"));
    }

    @Test
    void theUefiTemplateShipsInTheJar() throws Exception {
        BootTemplate template = BootTemplate.bundled("uefi");

        assertEquals("windows-uefi", template.name());
        assertEquals(FirmwareType.UEFI, template.firmware());
        assertEquals(expected("winload.efi"), template.elementsFor(VHD, "de-DE"));
    }

    @Test
    void theBiosTemplateShipsInTheJar() throws Exception {
        BootTemplate template = BootTemplate.bundled("windows-bios");

        assertEquals("windows-bios", template.name());
        assertEquals(FirmwareType.BIOS, template.firmware());
        assertEquals(expected("winload.exe"), template.elementsFor(VHD, "de-DE"));
    }

    @Test
    void aTemplateFileKeepsBackslashesAndOrder() throws Exception {
        Path file = write("lab.ini", """
                ; A lab's own recipe.
                [template]
                name = lab-bios
                firmware = BIOS

                [elements]
                path = \\Windows\\system32\\winload.exe
                osdevice = vhd=${vhd}
                device = vhd=${vhd}
                systemroot = \\Windows\\
                detecthal = on
                locale = de-DE
                """);

        BootTemplate template = BootTemplate.resolve(file.toString());

        assertEquals("lab-bios", template.name());
        assertEquals(FirmwareType.BIOS, template.firmware());
        assertEquals(List.of(
                new BootElement("path", "\\Windows\\system32\\winload.exe"),
                new BootElement("osdevice", "vhd=[G:]\\vhd\\t\\n\\u0041.vhd"),
                new BootElement("device", "vhd=[G:]\\vhd\\t\\n\\u0041.vhd"),
                new BootElement("systemroot", "\\Windows\\"),
                new BootElement("detecthal", "on"),
                new BootElement("locale", "de-DE")),
                template.elementsFor("[G:]\\vhd\\t\\n\\u0041.vhd"));
    }

    @Test
    void aVhdPathWithDollarSignsIsInsertedLiterally() throws Exception {
        assertEquals("vhd=[C:]\\VHD\\$1 ${vhd} ${locale}.vhdx",
                BootTemplate.bundled("uefi").elementsFor("[C:]\\VHD\\$1 ${vhd} ${locale}.vhdx", "en-US").get(0).value());
    }

    @Test
    void theLocaleComesFromTheCallerUnlessTheTemplateFixesIt() throws Exception {
        assertEquals("ja-JP", BootTemplate.bundled("uefi").elementsFor(VHD, "ja-JP").get(2).value());
        assertEquals(BootLocale.ofRunningSystem(), BootTemplate.bundled("bios").elementsFor(VHD).get(2).value(),
                "without one, the running system's");
        Path fixed = write("fixed.ini", "[template]\nname = lab\nfirmware = uefi\n[elements]\nlocale = fr-FR\n");
        assertEquals(List.of(new BootElement("locale", "fr-FR")),
                BootTemplate.fromFile(fixed).elementsFor(VHD, "ja-JP"), "a template's own locale wins");
        assertThrows(IllegalArgumentException.class, () -> BootTemplate.bundled("uefi").elementsFor(VHD, "de_DE"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown placeholder   | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\ndevice = vhd=${disk}\\n | unknown placeholder ${disk} in device; only ${vhd} and ${locale} are supported
            unterminated          | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\ndevice = vhd=${vhd\\n | unterminated placeholder in device; write ${vhd} or ${locale}
            unknown firmware      | [template]\\nname = x\\nfirmware = arm\\n[elements]\\nnx = OptIn\\n | firmware must be uefi or bios, not 'arm'
            missing name          | [template]\\nfirmware = uefi\\n[elements]\\nnx = OptIn\\n | missing 'name' in [template]
            missing elements      | [template]\\nname = x\\nfirmware = uefi\\n | missing section [elements]
            empty elements        | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\n | [elements] is empty
            unknown section       | [template]\\nname = x\\nfirmware = uefi\\n[element]\\nnx = OptIn\\n | unknown section [element]; expected [template] and [elements]
            unknown setting       | [template]\\nname = x\\nfirmware = uefi\\nfirmwre = bios\\n[elements]\\nnx = OptIn\\n | unknown setting 'firmwre' in [template]; expected name and firmware
            duplicate element     | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\nnx = OptIn\\nnx = OptOut\\n | 'nx' appears more than once in [elements]
            duplicate section     | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\nnx = OptIn\\n[elements]\\npath = x\\n | section [elements] appears more than once
            empty value           | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\nnx =\\n | 'nx' in [elements] has no value
            line without value    | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\nnx OptIn\\n | 'nx OptIn' is not a bcdedit element name (lower-case letters and digits)
            inline comment        | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\nnx = OptIn ; safest\\n | the value of nx holds a comment; put comments on their own line
            double quote          | [template]\\nname = x\\nfirmware = uefi\\n[elements]\\ndescription = "Lab"\\n | the value of description contains a double quote, which bcdedit cannot receive
            text before a section | name = x\\n[template]\\n | not an ini file (parse error (at line: 1): name = x)
            """)
    void aBadTemplateIsRefusedWithOneClearLine(String problem, String escapedText, String reason) throws Exception {
        Path file = write("bad.ini", escapedText.replace("\\n", "\n"));

        BootTemplateException failure = assertThrows(BootTemplateException.class, () -> BootTemplate.fromFile(file));

        assertEquals("Boot template " + file + " is invalid: " + reason + ".", failure.getMessage());
    }

    /** A tab or NUL in a value would reach bcdedit's command line, which cannot carry it (found by BootTemplateProperties). */
    @Test
    void aControlCharacterInAValueIsRefusedWithOneClearLine() throws Exception {
        for (String value : new String[] {"Opt\tIn", "Opt\u0000In", "Opt\u001bIn"}) {
            Path file = write("control.ini", "[template]\nname = x\nfirmware = uefi\n[elements]\nnx = " + value + "\n");
            BootTemplateException failure = assertThrows(BootTemplateException.class, () -> BootTemplate.fromFile(file));
            assertEquals("Boot template " + file + " is invalid: the value of nx contains a control character, which"
                    + " bcdedit cannot receive.", failure.getMessage());
        }
    }

    @Test
    void aMissingFileOrNameIsReportedPlainly() {
        Path missing = directory.resolve("nope.ini");
        assertEquals("Cannot read boot template " + missing + ": no such file",
                assertThrows(BootTemplateException.class, () -> BootTemplate.fromFile(missing)).getMessage());
        assertEquals("Unknown boot template 'arm64'; use uefi, bios or a path to an .ini file.",
                assertThrows(BootTemplateException.class, () -> BootTemplate.bundled("arm64")).getMessage());
    }

    @Test
    void aVhdDeviceMustNameAHostPartitionAndAFile() throws Exception {
        BootTemplate template = BootTemplate.bundled("uefi");

        assertEquals("Not a VHD device path like [C:]\\VHD\\Lab-Current.vhdx: C:\\VHD\\Lab.vhdx",
                assertThrows(IllegalArgumentException.class, () -> template.elementsFor("C:\\VHD\\Lab.vhdx")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> template.elementsFor("[C:]\\"));
        assertThrows(IllegalArgumentException.class, () -> template.elementsFor("[C:]\\VHD\\\"Lab\".vhdx"));
        assertEquals("vhd=[locate]\\lab.vhdx", template.elementsFor("[locate]\\lab.vhdx").get(0).value());
    }

    private Path write(String name, String text) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
