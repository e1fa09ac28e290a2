package org.vhdboot.layout;

import org.vhdboot.files.KeptFile;
import org.vhdboot.files.NotAFileException;
import org.vhdboot.oci.Printable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The text of vhdboot's own files, read strictly: {@code vhdboot.ini} ({@code [section]} lines and
 * {@code key = value}) and {@code vhdboot.journal} and {@code vhdboot.pending} ({@code key=value} with the
 * backslash escapes {@link java.util.Properties} writes, so files of earlier versions still read). Any flaw
 * (not UTF-8, a control character, a line without {@code =}, a key or section given twice, a bad escape) is
 * one {@link LayoutException} naming the file, the line and the key.
 */
public final class LayoutText {
    /** These files hold a few hundred bytes; a larger one is not ours, and is never read whole. */
    static final int MAX_BYTES = 1 << 20;
    private static final int SHOWN_VALUE_CHARS = 60;
    /** Settings before any {@code [section]} line: the only ones in the journal and the pending mark. */
    public static final String NO_SECTION = "";

    /** How values are written: raw (the ini, whose Windows paths keep their backslashes) or escaped. */
    public enum Escapes { NONE, BACKSLASH }

    /** One setting and the line it came from. */
    public record Entry(String section, String key, String value, int line) {
    }

    private final Path file;
    private final Map<String, Section> sections;

    private LayoutText(Path file, Map<String, Section> sections) {
        this.file = file;
        this.sections = sections;
    }

    /** @return empty when the file does not exist */
    public static Optional<LayoutText> readIfPresent(Path file, Escapes escapes) throws IOException, LayoutException {
        try {
            KeptFile.requireOwnFileOrAbsent(file);
        } catch (NotAFileException planted) {
            // Never read, so it cannot hang a command or show a line of another file; said as every refusal of a
            // planted name says it.
            throw new LayoutException(planted.getMessage());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            throw new LayoutException(file + " is larger than " + kib(MAX_BYTES) + ", so vhdboot did not write"
                    + " it; check it and remove it");
        }
        return Optional.of(parse(file, bytes, escapes));
    }

    /** A size as the refusals about it say it, rounded up: "1025 KiB" is past the limit, never "1024 KiB". */
    static String kib(long bytes) {
        return (bytes + 1023) / 1024 + " KiB";
    }

    static LayoutText parse(Path file, byte[] bytes, Escapes escapes) throws LayoutException {
        String text = decode(file, bytes);
        Map<String, Section> sections = new LinkedHashMap<>();
        Section section = new Section(NO_SECTION, 0);
        sections.put(NO_SECTION, section);
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            checkCharacters(file, line, number, section.name);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith(";") || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (escapes == Escapes.NONE && trimmed.startsWith("[") && trimmed.endsWith("]") && equals < 0) {
                String name = trimmed.substring(1, trimmed.length() - 1).strip();
                if (name.isEmpty()) {
                    throw new LayoutException(file + ", line " + number + ": a section without a name");
                }
                Section earlier = sections.get(name);
                if (earlier != null) {
                    throw new LayoutException(file + ", line " + number + ": section [" + name + "] appears twice (also"
                            + " on line " + earlier.line + ")");
                }
                section = new Section(name, number);
                sections.put(name, section);
                continue;
            }
            if (equals < 0) {
                throw new LayoutException(file + ", line " + number + ": '" + shown(trimmed) + "' is not a setting"
                        + " (key = value)");
            }
            String key = line.substring(0, equals).strip();
            if (key.isEmpty()) {
                throw new LayoutException(file + ", line " + number + ": a setting without a key");
            }
            String raw = line.substring(equals + 1);
            String value = escapes == Escapes.NONE ? raw.strip() : unescape(file, number, key, raw.stripLeading());
            Entry earlier = section.entries.get(key);
            if (earlier != null) {
                throw new LayoutException(file + ", line " + number + ": " + qualified(section.name, key)
                        + " is set twice (also on line " + earlier.line() + ")");
            }
            section.entries.put(key, new Entry(section.name, key, value, number));
        }
        return new LayoutText(file, sections);
    }

    Path file() {
        return file;
    }

    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /** The sections whose names start with {@code prefix}, in file order. */
    java.util.List<Section> sectionsStartingWith(String prefix) {
        return sections.values().stream().filter(s -> s.name().startsWith(prefix)).toList();
    }

    /**
     * The error for a setting whose value is unusable: {@code FILE, line N: [section] key = value PROBLEM}, one
     * line whatever the value holds.
     */
    public LayoutException invalid(Entry entry, String problem) {
        return new LayoutException(file + ", line " + entry.line() + ": " + qualified(entry.section(), entry.key())
                + " = " + shown(entry.value()) + " " + problem);
    }

    private static String qualified(String section, String key) {
        return (section.isEmpty() ? "" : "[" + section + "] ") + shown(key);
    }

    /** The error for a setting a section must have: {@code FILE, line N: [section] lacks key}, N its header's. */
    public LayoutException missing(Section section, String key) {
        return new LayoutException(file + (section.name.isEmpty() ? ": " : ", line " + section.line + ": ["
                + section.name + "] ") + "lacks " + key);
    }

    /** A value as it may appear in a one-line message: control characters escaped, long ones cut. */
    public static String shown(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < value.length() && out.length() < SHOWN_VALUE_CHARS; i++) {
            Printable.escapeTo(value.charAt(i), out);
        }
        return i < value.length() ? out + "…" : out.toString();
    }

    /**
     * {@code value} on one line whatever it carries (a registry's words, a file name): a line break becomes a space
     * and any other control character is escaped, so no line of a log can be forged or a terminal reading it steered.
     */
    public static String oneLine(String value) {
        return Printable.escaped(value.replace('\n', ' '));
    }

    /** The settings of one section, in file order. */
    public static final class Section {
        private final String name;
        private final int line;
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Section(String name, int line) {
            this.name = name;
            this.line = line;
        }

        String name() {
            return name;
        }

        /** The line of the section's {@code [name]}, 0 for the settings before any section. */
        int line() {
            return line;
        }

        public Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    private static String decode(Path file, byte[] bytes) throws LayoutException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            // Notepad may add a byte order mark.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            int line = firstUndecodableLine(bytes);
            throw new LayoutException(file + ", line " + line + ": " + keyOfLine(bytes, line) + "text that is not"
                    + " UTF-8; save the file as UTF-8");
        }
    }

    private static int firstUndecodableLine(byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line - 1;
    }

    /** {@code "K holds "} when the line's key (before {@code =}) is readable text, else nothing. */
    private static String keyOfLine(byte[] bytes, int line) {
        int start = 0;
        for (int i = 1; i < line; i++) {
            start = indexOf(bytes, (byte) '\n', start) + 1;
        }
        int equals = indexOf(bytes, (byte) '=', start);
        int end = indexOf(bytes, (byte) '\n', start);
        if (equals < 0 || (end >= 0 && equals > end)) {
            return "";
        }
        try {
            String key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, equals - start)).toString().strip();
            return key.isEmpty() ? "" : shown(key) + " holds ";
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static void checkCharacters(Path file, String line, int number, String section) throws LayoutException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                int equals = line.indexOf('=');
                String where = equals >= 0 && equals < i
                        ? ": " + qualified(section, line.substring(0, equals).strip()) : "";
                throw new LayoutException(file + ", line " + number + where + " holds a control character ("
                        + String.format(Locale.ROOT, "\\u%04x", (int) c) + ")");
            }
        }
    }

    /** The escapes {@link java.util.Properties#store} writes: {@code \\t \\n \\r \\f \\uXXXX}, and {@code \\x} for x. */
    private static String unescape(Path file, int number, String key, String raw) throws LayoutException {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 == raw.length()) {
                throw new LayoutException(file + ", line " + number + ": " + shown(key) + " ends with a backslash"
                        + " (a value continued on the next line is not supported)");
            }
            char next = raw.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    String hex = raw.substring(i + 1, Math.min(raw.length(), i + 5));
                    if (hex.length() < 4 || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw new LayoutException(file + ", line " + number + ": " + shown(key) + " holds '\\u"
                                + shown(hex) + "', which is not a \\u escape (four hex digits)");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    /** Writes the same format: comments, sections and settings; what it writes reads back unchanged. */
    public static final class Writer {
        private final Escapes escapes;
        private final StringBuilder text = new StringBuilder();

        public Writer(Escapes escapes) {
            this.escapes = escapes;
        }

        public Writer comment(String comment) {
            text.append(escapes == Escapes.NONE ? "; " : "# ").append(oneLine(comment)).append(System.lineSeparator());
            return this;
        }

        Writer section(String name) {
            if (text.length() > 0) {
                text.append(System.lineSeparator());
            }
            text.append('[').append(name).append(']').append(System.lineSeparator());
            return this;
        }

        public Writer put(String key, String value) {
            String written = escapes == Escapes.NONE ? oneLine(value).strip() : escape(value);
            text.append(key).append(escapes == Escapes.NONE ? " = " : "=").append(written)
                    .append(System.lineSeparator());
            return this;
        }

        byte[] bytes() {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        /**
         * Writes the text to {@code file} in one atomic step, unless it is larger than vhdboot reads back: a file
         * every later command refused would lock the layout's owner out of it, so nothing is written instead.
         */
        public void writeAtomically(Path file, FileSteps steps) throws IOException {
            byte[] bytes = bytes();
            if (bytes.length > MAX_BYTES) {
                throw new LayoutTooLargeException(file + " would hold " + kib(bytes.length) + ", more than the "
                        + kib(MAX_BYTES) + " vhdboot reads back, so it was not written;"
                        + " remove snapshots or versions, or shorten their notes, and run the command again");
            }
            steps.writeAtomically(file, bytes);
        }

        /** A raw value cannot hold a line break or another control character: a message may. */
        private static String oneLine(String value) {
            StringBuilder out = new StringBuilder(value.length());
            value.chars().forEach(c -> out.append(c < 0x20 || c == 0x7F ? ' ' : (char) c));
            return out.toString();
        }

        /** ASCII only, as Properties writes it, so earlier versions read what this one writes. */
        private static String escape(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\') {
                    out.append("\\\\");
                } else if (c == ' ' && i == 0) {
                    out.append("\\ ");
                } else if (c < 0x20 || c > 0x7E) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
