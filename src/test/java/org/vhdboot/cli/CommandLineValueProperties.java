package org.vhdboot.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vhdboot.ops.LayoutFixture;
import org.vhdboot.ops.TestWorld;
import org.vhdboot.testing.MemoryTempDirs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Command-line values are hostile input too: each option and argument of the commands that parse a value of their
 * own (times, days, durations, targets, names, paths) is given text that was never valid. Every run ends with a
 * documented exit code; a failure is one error line, never an internal error or a stack trace, and every line on
 * standard error is vhdboot's own (a value that breaks a line, a newline in a file name say, is escaped). Commands that reach a
 * registry are left out: a value that happened to be a host name would leave loopback.
 */
class CommandLineValueProperties {
    private static final String LAYOUT = "{LAYOUT}";
    private static final String VALUE = "{VALUE}";
    private static final List<List<String>> TEMPLATES = List.of(
            List.of("schedule", "--layout", LAYOUT, "--daily", VALUE, "--target", "recovery"),
            List.of("schedule", "--layout", LAYOUT, "--daily", "02:00", "--target", "recovery", "--days", VALUE),
            List.of("schedule", "--layout", LAYOUT, "--daily", "02:00", "--target", "recovery", "--warn", VALUE),
            List.of("schedule", "--layout", LAYOUT, "--daily", "02:00", "--target", VALUE),
            List.of("schedule", "--layout", LAYOUT, "--daily", "02:00", "--target", "recovery", "--missed", VALUE),
            List.of("snapshot", "create", VALUE, "--dry-run", "--layout", LAYOUT),
            List.of("snapshot", "revert", VALUE, "--dry-run", "--layout", LAYOUT),
            List.of("snapshot", "delete", VALUE, "--dry-run", "--layout", LAYOUT),
            List.of("image", "commit", VALUE, "--dry-run", "--layout", LAYOUT),
            List.of("image", "switch", VALUE, "--dry-run", "--yes", "--layout", LAYOUT),
            List.of("image", "switch", "base", "--confirm-within", VALUE, "--dry-run", "--layout", LAYOUT),
            List.of("reset", VALUE, "--dry-run", "--layout", LAYOUT),
            List.of("status", "--json", "--layout", VALUE),
            List.of("vhd", "info", VALUE),
            List.of("init", "--dry-run", "--boot-store", VALUE, "--parent", "{PARENT}"));

    private static Path root;
    private static Path layout;
    private static Path parent;
    private static TestWorld world;

    @BeforeContainer
    static void makeLayout() throws Exception {
        root = MemoryTempDirs.create("vhdboot-cli-values");
        layout = Files.createDirectory(root.resolve("VHD"));
        world = new TestWorld();
        LayoutFixture fixture = LayoutFixture.initialized(layout, world.services());
        parent = fixture.parent;
    }

    @AfterContainer
    static void removeLayout() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(tries = 300)
    void anyValueEndsWithADocumentedExitAndAtMostOneErrorLine(@ForAll("templates") List<String> template,
                                                             @ForAll("values") String value) {
        String[] args = template.stream().map(word -> word.replace(LAYOUT, layout.toString())
                .replace("{PARENT}", parent.toString()).replace(VALUE, value)).toArray(String[]::new);
        CommandRun run = CommandRun.with(world.services(), args);
        String what = Arrays.toString(args) + " -> " + run;
        assertTrue(run.exitCode() >= 0 && run.exitCode() <= 11, what);
        assertFalse(run.err().contains("internal error") || run.err().contains("\tat ")
                || run.out().contains("\tat "), what);
        long errors = run.err().lines().filter(line -> line.startsWith("vhdboot: error:")).count();
        assertEquals(run.exitCode() == 0 ? 0 : 1, errors, what);
        assertTrue(run.err().lines().allMatch(line -> line.startsWith("vhdboot: ")), what);
    }

    /** Regression seed: picocli's own message quoted a path it could not convert, NUL and newline included. */
    @Example
    void aValuePicocliCannotConvertIsQuotedOnOneLine() {
        anyValueEndsWithADocumentedExitAndAtMostOneErrorLine(List.of("status", "--json", "--layout", VALUE), "\u0000\n");
    }

    @Provide
    Arbitrary<List<String>> templates() {
        return Arbitraries.of(TEMPLATES);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(5),
                Arbitraries.strings().withChars("0123456789:-,.hmsdHMS ").ofMaxLength(14),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("", " ", "-1", "0", "99999999999999999999", "../x", "..\\x", "NUL", "CON", "x".repeat(300),
                        "02:00", "24:00", "25:61", "2:5", "mon-sun", "fri-mon", "sat,sun,xyz", "daily,daily", "1e9",
                        "\u2013" + "5m", "\uff11\uff12:00", "10m10m", "P1D", "-PT1H", "current", "recovery", "RECOVERY",
                        "base", "version:base", "snapshot:x", "2026-12", "C:\\VHD", "\\\\?\\C:\\x", "/", ".", "..",
                        "bcdedit", "script", "none", "reset", "skip", "--yes", "-", "--", "@file"));
    }
}
