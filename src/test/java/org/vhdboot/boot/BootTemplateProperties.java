package org.vhdboot.boot;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.vhdboot.testing.ByteMutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A boot template is an administrator's file that vhdboot turns into bcdedit command lines, so it is read as hostile:
 * the bundled templates (UEFI and BIOS), mutated, either give a template whose every element a command line can
 * carry, or fail in one line. Kept as a regression: a tab or NUL in a value passed, and init failed half-way.
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
        return Arbitraries.oneOf(mutants("uefi"), mutants("bios"));
    }

    /** Mutants of a bundled template without its comments and blank lines, so the edits land on what is read. */
    private static Arbitrary<String> mutants(String name) {
        String content = bundled(name).lines().filter(line -> !line.isBlank() && !line.startsWith("#")
                && !line.startsWith(";")).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        return ByteMutants.of(content.getBytes(StandardCharsets.UTF_8), SPLICES)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    private static String bundled(String name) {
        try (InputStream in = BootTemplate.class.getResourceAsStream("/bcd-templates/windows-" + name + ".ini")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
