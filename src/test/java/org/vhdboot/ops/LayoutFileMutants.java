package org.vhdboot.ops;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Generators of hostile layout files: a file as vhdboot writes it (or wrote it in earlier versions), a file
 * name in it set to one an attacker would use, then up to two more mutations, at the level of lines (a value swapped for a hostile name, a setting or section added,
 * a line dropped or doubled, the roles swapped) and of bytes (NUL, bytes that are not UTF-8, broken
 * escapes, a flipped bit, a cut). The text is handled as bytes throughout, so any byte sequence can result.
 */
final class LayoutFileMutants {
    private LayoutFileMutants() {
    }

    /** One generated file: its name in the layout, its bytes, and the mutations that made it. */
    record Mutant(String fileName, byte[] bytes, List<String> steps) {
        @Override
        public String toString() {
            return fileName + " after " + steps + ":\n" + escaped(bytes);
        }
    }

    /** File names that reach outside the folder, the parent or the other child: what the confinement is for. */
    static final List<String> ESCAPES = List.of("../x.vhd", "${ABOVE}.vhd", "../sentinel/new.vhd",
            "sentinel/../../x.vhd", "../decoy/Gold.vhd", "${DECOY}", "../sentinel/victim.vhd", "${SENTINEL}",
            "Gold.vhd", "Gold.VHD", "Gold-Recovery.vhd", "gold-recovery.vhd", "Gold-Recovery.vhdboot-tmp.vhd",
            "../x", "${ABOVE}", "${PARENT}", "x");

    /** Other names a fuzzer would try: devices, streams, drives, UNC forms, dots, escapes, lengths. */
    static final List<String> NAMES = List.of("..\\x", "..", ".", "", " ", "Gold-Current.vhd",
            "Gold-Current.vhdboot-tmp.vhd", "Gold-Current.20261127-010000.vhd", "Gold-Recovery.20261127-010000.vhd",
            "..\\x.vhd", "sentinel/x", "C:x", "C:\\x", "C:\\x.vhd", "\\\\server\\share\\x.vhd",
            "\\\\?\\C:\\x.vhd", "CON", "nul.vhd", "COM1", "LPT9.vhd", "CON .vhd", "x.vhd.", "x.vhd ",
            "Gold-Current.vhd:stream", "\\u002e\\u002e/x.vhd", "\\u0000", "x\\", "vhdboot.ini",
            "vhdboot.journal", "vhdboot.lock", "Gold-Currént.vhd", "x".repeat(300) + ".vhd");

    /** Other values: roles, times, numbers, words of the ini, broken escapes. */
    static final List<String> VALUES = List.of("current", "recovery", "CURRENT", "parent", "", " ",
            "2026-11-27T02:00:07Z", "2026-11-27T01:00:00Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "yesterday", "-1", "99999999999999999999", "0", "1", "{00000000-0000-0000-0000-000000000000}",
            "not-a-guid", "vhdx", "vhd", "raw", "none", "script", "refuse", "ignore", "warn", "skip", "reset",
            "mon-fri", "sun", "02:00", "25:99", "10m", "100000h", "\\u00zz", "\\u", "x\\", "; comment",
            "a = b = c", "[current]", "x".repeat(300),
            // The words of version 2 and of the journals' kinds: names, references, slots, states, digests.
            "base", "v2", "x", "version:base", "version:v2", "snapshot:x", "snapshot:base", "a", "b", "c", "pending",
            "confirmed", "failed", "rolled-back", "ok", "freeze", "export", "v2,v3", "base,v2", "loopback", "any-host",
            "version-import", "image-commit", "image-add", "image-switch", "image-confirm", "image-rollback",
            "image-prune", "snapshot-create", "snapshot-delete", LayoutFuzzSeeds.LINK_ID, LayoutFuzzSeeds.SHA256,
            "sha256:" + LayoutFuzzSeeds.SHA256, "oci-layout:${ABOVE}:stable", "oci-layout:${SENTINEL}:v1");

    /** Every key of the three files except {@code bcdedit}: the fuzz never names a program for the agent to run. */
    static final List<String> KEYS = List.of("target", "target_file", "replacement", "kept_old", "started", "due",
            "requested", "version", "name", "format", "parent", "parent_link_id", "parent_size", "parent_modified",
            "created", "template", "timeout", "boot_store", "store", "boot_folder", "bcd_backup", "free_space", "file",
            "entry", "description", "daily", "days", "warn", "missed", "handled", "result", "message", "duration_ms",
            "unknown_key", "",
            // Version 2 of the ini, and the journals of restore points and image versions.
            "max_depth", "base", "link_id", "sha256", "source_sha256", "note", "slot", "from", "to", "state",
            "confirm_by", "booted", "ended", "pull", "pull_ca_cert", "pull_auth_file", "pull_insecure", "reference",
            "finished", "digest", "operation", "snapshot", "children", "modified", "mode", "frozen", "staged", "image",
            "slot_file", "recovery_file", "delete_1", "delete_2", "delete_slot");

    static final List<String> SECTIONS = List.of("layout", "current", "recovery", "schedule", "last_reset", "", "x",
            "version.base", "version.v2", "version.x", "snapshot.x", "snapshot.v2", "current.b", "current.c", "active",
            "switch", "last_pull");

    private static final List<byte[]> BYTES = List.of(new byte[] {0}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes("\\"), bytes("\\u"),
            bytes("\\u00"), bytes("="), bytes("\r"), bytes("\n"), bytes("\r\n"), bytes("["), bytes("]"), bytes(";"),
            bytes("#"), bytes(" "), new byte[] {0x7F}, new byte[] {7}, bytes("\\\n"), bytes("../"), bytes(":"));

    /**
     * @param fileKeys the keys of this file whose values are file names, the first aim of most mutations;
     *                 empty for the pending mark
     */
    static Arbitrary<Mutant> of(String fileName, List<String> validTexts, List<String> fileKeys) {
        Arbitrary<String> base = Arbitraries.of(validTexts);
        // A file name first, then up to two other changes: the names are what an attacker aims with.
        Arbitrary<List<Mutation>> mutations = Combinators.combine(fileNameMutation(fileKeys),
                mutation().list().ofMaxSize(2)).as((first, more) -> {
                    List<Mutation> all = new ArrayList<>(List.of(first));
                    all.addAll(more);
                    return all;
                });
        return Combinators.combine(base, mutations).as((text, steps) -> {
            String bytes = latin1(text.getBytes(StandardCharsets.UTF_8));
            for (Mutation step : steps) {
                bytes = step.apply(bytes);
            }
            return new Mutant(fileName, bytes.getBytes(StandardCharsets.ISO_8859_1),
                    steps.stream().map(Mutation::toString).toList());
        });
    }

    /** One change to a file held as a string of bytes (ISO-8859-1, one char per byte). */
    private interface Mutation {
        String apply(String bytes);
    }

    private static final Arbitrary<Integer> AT = Arbitraries.integers().between(0, 4096);

    /** A file-name key set to a name (the pending mark has none: any key to any value). */
    private static Arbitrary<Mutation> fileNameMutation(List<String> fileKeys) {
        if (fileKeys.isEmpty()) {
            return Combinators.combine(AT, Arbitraries.of(KEYS), token()).as(LayoutFileMutants::setKey);
        }
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(ESCAPES)),
                Tuple.of(1, Arbitraries.of(NAMES))).map(LayoutFileMutants::latin1);
        return Combinators.combine(AT, Arbitraries.of(fileKeys), name).as(LayoutFileMutants::setKey);
    }

    private static Arbitrary<String> token() {
        return Arbitraries.of(concat(ESCAPES, NAMES, VALUES)).map(LayoutFileMutants::latin1);
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private static Arbitrary<Mutation> mutation() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(AT, Arbitraries.of(KEYS), token()).as(LayoutFileMutants::setKey)),
                Tuple.of(2, Combinators.combine(AT, token()).as(LayoutFileMutants::setValue)),
                Tuple.of(1, Combinators.combine(AT, Arbitraries.of(KEYS), token()).as(LayoutFileMutants::addSetting)),
                Tuple.of(1, Combinators.combine(AT, Arbitraries.of(SECTIONS)).as(LayoutFileMutants::addSection)),
                Tuple.of(1, AT.map(LayoutFileMutants::deleteLine)),
                Tuple.of(1, AT.map(LayoutFileMutants::duplicateLine)),
                Tuple.of(1, AT.map(LayoutFileMutants::swapRoles)),
                Tuple.of(2, Combinators.combine(AT, Arbitraries.of(BYTES)).as(LayoutFileMutants::insertBytes)),
                Tuple.of(1, Combinators.combine(AT, Arbitraries.integers().between(1, 255)).as(LayoutFileMutants::flipByte)),
                Tuple.of(1, AT.map(LayoutFileMutants::truncate)));
    }

    /** Sets the {@code which}-th line with {@code key} (any section) to {@code token}; adds one if there is none. */
    private static Mutation setKey(int which, String key, String token) {
        return described("set " + key + " to " + escaped(token), text -> {
            List<String> lines = lines(text);
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                int equals = lines.get(i).indexOf('=');
                if (equals > 0 && lines.get(i).substring(0, equals).strip().equals(key)) {
                    found.add(i);
                }
            }
            if (found.isEmpty()) {
                lines.add(Math.min(1, lines.size()), key + " = " + token);
            } else {
                int i = found.get(which % found.size());
                lines.set(i, key + " = " + token);
            }
            return String.join("\n", lines);
        });
    }

    private static Mutation setValue(int at, String token) {
        return described("set line " + at + " to " + escaped(token), text -> onLine(text, at, line -> {
            int equals = line.indexOf('=');
            return (equals < 0 ? line : line.substring(0, equals)).stripTrailing() + " = " + token;
        }));
    }

    private static Mutation addSetting(int at, String key, String token) {
        return described("add " + key + " = " + escaped(token) + " at line " + at,
                text -> insertLine(text, at, key + " = " + token));
    }

    private static Mutation addSection(int at, String name) {
        return described("add [" + name + "] at line " + at, text -> insertLine(text, at, "[" + name + "]"));
    }

    private static Mutation deleteLine(int at) {
        return described("delete line " + at, text -> {
            List<String> lines = lines(text);
            lines.remove(at % lines.size());
            return String.join("\n", lines);
        });
    }

    private static Mutation duplicateLine(int at) {
        return described("duplicate line " + at, text -> {
            List<String> lines = lines(text);
            int i = at % lines.size();
            lines.add(i, lines.get(i));
            return String.join("\n", lines);
        });
    }

    private static Mutation swapRoles(int at) {
        return described("swap current and recovery on line " + at, text -> onLine(text, at, line -> line
                .replace("current", "\u0001").replace("recovery", "current").replace("\u0001", "recovery")
                .replace("Current", "\u0001").replace("Recovery", "Current").replace("\u0001", "Recovery")));
    }

    private static Mutation insertBytes(int at, byte[] inserted) {
        return described("insert " + escaped(latin1(inserted)) + " at byte " + at, text -> {
            int i = at % (text.length() + 1);
            return text.substring(0, i) + latin1(inserted) + text.substring(i);
        });
    }

    private static Mutation flipByte(int at, int mask) {
        return described("flip byte " + at + " with " + mask, text -> {
            if (text.isEmpty()) {
                return text;
            }
            int i = at % text.length();
            return text.substring(0, i) + (char) ((text.charAt(i) ^ mask) & 0xFF) + text.substring(i + 1);
        });
    }

    private static Mutation truncate(int at) {
        return described("cut at byte " + at, text -> text.substring(0, at % (text.length() + 1)));
    }

    private static Mutation described(String description, Mutation change) {
        return new Mutation() {
            @Override
            public String apply(String bytes) {
                return change.apply(bytes);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    private static String onLine(String text, int at, java.util.function.UnaryOperator<String> change) {
        List<String> lines = lines(text);
        int i = at % lines.size();
        lines.set(i, change.apply(lines.get(i)));
        return String.join("\n", lines);
    }

    private static String insertLine(String text, int at, String line) {
        List<String> lines = lines(text);
        lines.add(at % (lines.size() + 1), line);
        return String.join("\n", lines);
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    private static String latin1(String text) {
        return latin1(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Bytes as printable ASCII: other bytes as {@code \xNN}, so a report shows exactly what was written. */
    static String escaped(byte[] bytes) {
        return escaped(latin1(bytes));
    }

    private static String escaped(String latin1) {
        StringBuilder out = new StringBuilder();
        for (char c : latin1.toCharArray()) {
            if (c == '\n') {
                out.append("\\n\n");
            } else if (c < 0x20 || c >= 0x7F || c == '\\') {
                out.append(c == '\\' ? "\\\\" : String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
