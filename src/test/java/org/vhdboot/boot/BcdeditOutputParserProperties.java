package org.vhdboot.boot;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever the language, label width and values, output laid out in the documented shape (value at display
 * cell 24, CJK characters two cells wide, lists continued on indented lines) parses back to what was written.
 */
class BcdeditOutputParserProperties {

    record Section(String title, int dashes, UUID id, Map<String, List<String>> elements) {
    }

    @Property(tries = 300, seed = "20261126")  // fixed seed: the suite must be deterministic
    void parsesWhatTheDocumentedShapeLaysOut(@ForAll("sections") List<Section> sections,
                                             @ForAll("identifierLabels") String identifierLabel,
                                             @ForAll boolean blankLinesBetweenSections,
                                             @ForAll boolean crlf) {
        List<String> lines = new ArrayList<>();
        for (Section section : sections) {
            if (blankLinesBetweenSections) {
                lines.add("");
            }
            lines.add(section.title());
            lines.add("-".repeat(section.dashes()));
            lines.add(padded(identifierLabel) + "{" + section.id() + "}");
            section.elements().forEach((name, values) -> {
                lines.add(padded(name) + values.get(0));
                values.subList(1, values.size()).forEach(item -> lines.add(" ".repeat(24) + item));
            });
        }
        String output = String.join(crlf ? "\r\n" : "\n", lines);

        BcdeditListing listing = BcdeditOutputParser.parse(output);

        assertEquals(sections.stream().map(Section::id).toList(), listing.entries().stream().map(BootEntry::id).toList());
        for (int i = 0; i < sections.size(); i++) {
            assertEquals(sections.get(i).elements(), listing.entries().get(i).elements());
        }
    }

    @Provide
    Arbitrary<List<Section>> sections() {
        Arbitrary<String> titles = Arbitraries.of("Windows Boot Loader", "Windows-Startladeprogramm",
                "Chargeur de démarrage Windows", "Windows 启动加载器", "Windows ブート ローダー", "Resume from Hibernate");
        Arbitrary<Map<String, List<String>>> elements = Arbitraries.maps(
                        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(30),
                        values().list().ofMinSize(1).ofMaxSize(4))
                .ofMaxSize(8)
                .map(LinkedHashMap::new);
        Arbitrary<UUID> ids = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        return Combinators.combine(titles, Arbitraries.integers().between(3, 40), ids, elements)
                .as(Section::new)
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> identifierLabels() {
        return Arbitraries.oneOf(
                Arbitraries.of("identifier", "Bezeichner", "identificateur", "标识符", "识别码", "идентификатор"),
                Arbitraries.strings().withCharRange('一', '龥').ofMinLength(1).ofMaxLength(14));
    }

    /** Values may hold spaces, backslashes, device syntax and CJK text, but begin and end with a visible character. */
    private static Arbitrary<String> values() {
        Arbitrary<String> middle = Arbitraries.strings()
                .withChars(" \\[]:=,.-_()")
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withCharRange('一', '龥').withCharRange('ァ', 'ン')
                .ofMaxLength(40);
        Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').range('一', '龥');
        return Combinators.combine(edge, middle, edge).as((first, inner, last) -> first + inner + last);
    }

    private static String padded(String label) {
        int width = label.codePoints().map(BcdeditOutputParserProperties::cells).sum();
        return label + " ".repeat(Math.max(1, 24 - width));
    }

    private static int cells(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.KATAKANA ? 2 : 1;
    }
}
