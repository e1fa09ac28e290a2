package org.vhdboot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency order of docs/architecture.md ("Dependencies"), enforced: every package of src/main/java is
 * listed there, has a package-info.java, and names (by import or fully qualified) only the packages it may use.
 * The documented known exceptions are allowed, and must still exist, so each is deleted with its cause.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/org/vhdboot");
    private static final Path ARCHITECTURE = Path.of("docs/architecture.md");
    /** A vhdboot type named in code: the package, then a capitalized class name (or {@code *}). */
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.vhdboot\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.(?:[A-Z]|\\*)");
    private static final Pattern ROW = Pattern.compile("^\\|(.*)\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([a-z0-9.]+)`");

    private static Map<String, Set<String>> mayUse;
    private static Map<String, Set<String>> knownExceptions;
    private static Map<String, Map<String, Set<String>>> uses;

    @BeforeAll
    static void readTheDocumentedOrderAndTheSources() throws IOException {
        mayUse = new LinkedHashMap<>();
        knownExceptions = new HashMap<>();
        String section = section(Files.readString(ARCHITECTURE), "## Dependencies");
        for (String line : section.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String[] cells = row.group(1).split("\\|", -1);
            List<String> first = names(cells[0]);
            if (first.size() != 1) {
                continue;
            }
            if (cells.length == 2) {
                mayUse.put(first.get(0), new TreeSet<>(names(cells[1])));
            } else if (cells.length == 4) {
                knownExceptions.computeIfAbsent(first.get(0), k -> new TreeSet<>()).addAll(names(cells[1]));
            }
        }
        uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = packageOf(source);
                Matcher reference = REFERENCE.matcher(code(Files.readString(source)));
                while (reference.find()) {
                    String to = reference.group(1);
                    if (!to.equals(from)) {
                        uses.computeIfAbsent(from, k -> new TreeMap<>())
                                .computeIfAbsent(to, k -> new TreeSet<>()).add(source.getFileName().toString());
                    }
                }
                uses.computeIfAbsent(from, k -> new TreeMap<>());
            }
        }
    }

    @Test
    void theDocumentedOrderIsRead() {
        assertTrue(mayUse.containsKey("disk") && mayUse.get("ops").contains("disk"), mayUse.toString());
    }

    @Test
    void everyPackageIsPlacedInTheOrderAndSaysWhatItOwns() {
        List<String> missing = new ArrayList<>();
        for (String pkg : uses.keySet()) {
            if (!mayUse.containsKey(pkg)) {
                missing.add(pkg + " is not in the table of docs/architecture.md");
            }
            if (!Files.exists(SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java"))) {
                missing.add(pkg + " has no package-info.java");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void aPackageUsesOnlyWhatTheOrderAllows() {
        List<String> violations = new ArrayList<>();
        uses.forEach((from, targets) -> targets.forEach((to, files) -> {
            boolean allowed = mayUse.getOrDefault(from, Set.of()).contains(to)
                    || knownExceptions.getOrDefault(from, Set.of()).contains(to);
            if (!allowed) {
                violations.add(from + " -> " + to + " in " + files);
            }
        }));
        assertEquals(List.of(), violations);
    }

    @Test
    void everyKnownExceptionStillExists() {
        List<String> gone = new ArrayList<>();
        knownExceptions.forEach((from, targets) -> targets.forEach(to -> {
            if (!uses.getOrDefault(from, Map.of()).containsKey(to)) {
                gone.add(from + " -> " + to + " is gone: delete its line from the known exceptions");
            }
        }));
        assertEquals(List.of(), gone);
    }

    private static String packageOf(Path source) {
        return SOURCES.relativize(source.getParent()).toString().replace('/', '.').replace('\\', '.');
    }

    private static List<String> names(String cell) {
        Matcher name = NAME.matcher(cell);
        List<String> found = new ArrayList<>();
        while (name.find()) {
            found.add(name.group(1));
        }
        return found;
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, heading + " is missing from " + ARCHITECTURE);
        int end = markdown.indexOf("\n## ", start + heading.length() + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    /** The code without comments and string literals, so only real references remain. */
    static String code(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = indexOrEnd(source, "\n", i);
            } else if (source.startsWith("/*", i)) {
                i = indexOrEnd(source, "*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                i = indexOrEnd(source, "\"\"\"", i + 3) + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < source.length() && source.charAt(i) != c) {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static int indexOrEnd(String text, String what, int from) {
        int at = text.indexOf(what, from);
        return at < 0 ? text.length() : at;
    }

    @Test
    void commentsAndStringsAreNotReferences() {
        String source = "import org.vhdboot.disk.Chain;\n/** {@link org.vhdboot.cli.Services} */\n"
                + "class X { String s = \"org.vhdboot.layout.Layout\"; // org.vhdboot.oci.Digest\n"
                + " org.vhdboot.windows.Platform p; char q = '\"'; org.vhdboot.boot.BootStore b; }";
        Set<String> found = new TreeSet<>();
        Matcher reference = REFERENCE.matcher(code(source));
        while (reference.find()) {
            found.add(reference.group(1));
        }
        assertEquals(Set.of("boot", "disk", "windows"), found);
        assertEquals(List.of("disk.io"), Stream.of("x = new org.vhdboot.disk.io.StagedFile();")
                .map(LayeringTest::code).flatMap(text -> REFERENCE.matcher(text).results().map(m -> m.group(1)))
                .collect(Collectors.toList()));
    }
}
