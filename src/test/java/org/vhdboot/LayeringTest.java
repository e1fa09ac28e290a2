package org.vhdboot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The layers of docs/architecture.md: dependencies point down only, and the core depends on nothing. */
class LayeringTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.vhdboot\\.([a-z]+)\\.", Pattern.MULTILINE);

    @ParameterizedTest
    @CsvSource({
        "disk, ''",
        "oci, ''",
        "boot, windows",
        "windows, disk",
        "ops, disk boot windows oci",
        "cli, disk boot windows ops oci"
    })
    void aPackageUsesOnlyTheLayersBelowIt(String layer, String allowed) throws IOException {
        Set<String> permitted = Set.of((layer + " " + allowed).trim().split("\\s+"));
        List<String> violations = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/org/vhdboot", layer))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher imports = IMPORT.matcher(Files.readString(source));
                while (imports.find()) {
                    if (!permitted.contains(imports.group(1))) {
                        violations.add(source.getFileName() + " imports org.vhdboot." + imports.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
