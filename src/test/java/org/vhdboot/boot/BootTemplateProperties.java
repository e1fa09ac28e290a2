package org.vhdboot.boot;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A boot template is an administrator's file that vhdboot turns into bcdedit command lines, so it is read as hostile:
 * the bundled templates, edited line by line (lines dropped, repeated, cut, characters spliced in), either give a
 * template whose every element is one line a command line can carry, or fail in one line.
 */
class BootTemplateProperties {
    private static final List<String> SPLICES = List.of("\"", ";", "#", "=", "[", "]", "\u0000", "\r", "\t", " ",
            "%", "^", "&", "|", "{", "}", "[elements]", "[template]", "firmware = bios", "name =", "\u00e9", "\\");

    @Property(tries = 800)
    void aTemplateParsesOrFailsInOneLine(@ForAll("templates") String text) {
        BootTemplate template;
        try {
            template = BootTemplate.parse(text, "fuzzed.ini");
        } catch (BootTemplateException refused) {
            assertTrue(refused.getMessage() != null && refused.getMessage().lines().count() == 1, refused.getMessage());
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("parsed");
        template.elements().forEach((element, value) -> assertTrue(element.matches("[a-z0-9]+")
                && value.chars().noneMatch(c -> c == '"' || Character.isISOControl(c)), element + " = " + value));
    }

    @Provide
    Arbitrary<String> templates() {
        List<String> lines = bundled("uefi").lines().toList();
        Arbitrary<String> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, lines.size() - 1), Arbitraries.integers().between(0, 80),
                Arbitraries.of(SPLICES)).as((kind, line, at, splice) -> kind + "\u0001" + line + "\u0001" + at
                + "\u0001" + splice);
        return edit.list().ofMinSize(1).ofMaxSize(5).map(edits -> {
            java.util.List<String> out = new java.util.ArrayList<>(lines);
            for (String e : edits) {
                String[] p = e.split("\u0001", -1);
                int kind = Integer.parseInt(p[0]);
                int line = Math.min(Integer.parseInt(p[1]), out.size() - 1);
                if (line < 0) {
                    break;
                }
                String text = out.get(line);
                int at = Math.min(Integer.parseInt(p[2]), text.length());
                switch (kind) {
                    case 0 -> out.remove(line);
                    case 1 -> out.add(line, text);
                    case 2 -> out.set(line, text.substring(0, at));
                    default -> out.set(line, text.substring(0, at) + p[3] + text.substring(at));
                }
            }
            return String.join("\n", out) + "\n";
        });
    }

    private static String bundled(String name) {
        try (InputStream in = BootTemplate.class.getResourceAsStream("/bcd-templates/windows-" + name + ".ini")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
