package org.vhdboot.boot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled templates make an entry that matches a bcdboot-made VHDX entry element for element: every element
 * the template sets reads back as the recorded bcdboot entry shows it, and the bcdboot elements it leaves out
 * are exactly the ones bcd-templates/README.md explains.
 */
class BcdbootEquivalenceTest {
    private static final UUID BCDBOOT_ENTRY = UUID.fromString("5d2f7b1a-8c3e-4f60-9b1d-2e4f6a8c0b13");
    private static final Path README = Path.of(System.getProperty("vhdboot.sourceRoot", "."))
            .resolve("bcd-templates").resolve("README.md");
    private static final Pattern ELEMENT_ROW = Pattern.compile("(?m)^\\| `([a-z]+)` \\|");

    @ParameterizedTest
    @CsvSource({"uefi, en-us_uefi_enum-v_bcdboot-vhdx.txt", "bios, en-us_bios_enum-v_bcdboot-vhdx.txt"})
    void theTemplateSetsEveryElementAsBcdbootDoes(String firmware, String fixture) throws Exception {
        BootEntry bcdboot = BcdeditOutputParser.parse(Fixtures.bytes(fixture), StandardCharsets.UTF_8)
                .find(BCDBOOT_ENTRY).orElseThrow();
        List<BootElement> made = BootTemplate.bundled(firmware)
                .elementsFor("[C:]\\VHD\\Win11.vhdx", "en-US");

        List<String> differing = new ArrayList<>();
        for (BootElement element : made) {
            if (!bcdboot.shows(element.name(), element.value())) {
                differing.add(element.name() + ": vhdboot sets '" + element.value() + "', bcdboot shows "
                        + bcdboot.values(element.name()));
            }
        }
        assertEquals(List.of(), differing);

        Set<String> leftOut = new LinkedHashSet<>(bcdboot.elements().keySet());
        made.forEach(element -> leftOut.remove(element.name()));
        leftOut.remove("identifier");
        assertEquals(tableOfReadme(1), new ArrayList<>(new java.util.TreeSet<>(leftOut)),
                "the bcdboot elements vhdboot leaves out are those bcd-templates/README.md explains");
    }

    @ParameterizedTest
    @CsvSource({"uefi", "bios"})
    void theReadmeListsTheTemplatesElementsInOrder(String firmware) throws Exception {
        assertEquals(new ArrayList<>(BootTemplate.bundled(firmware).elements().keySet()), tableOfReadme(0));
    }

    /** The element names of the README's first (0) or second (1) table, in their order (the second sorted). */
    private static List<String> tableOfReadme(int table) throws IOException {
        String[] parts = Files.readString(README, StandardCharsets.UTF_8).split("\n## ");
        assertTrue(parts.length >= 3, "README.md has its two sections");
        List<String> names = new ArrayList<>();
        Matcher row = ELEMENT_ROW.matcher(parts[table + 1]);
        while (row.find()) {
            names.add(row.group(1));
        }
        if (table == 1) {
            names.sort(null);
        }
        return names;
    }
}
