package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What the in-JVM fake writes, as bcdedit.py writes it: the words of one display language, CRLF line ends, and
 * the console code page's bytes (characters it lacks become {@code ?}). {@code /enum} output has localized titles
 * over dash lines and labels padded to display cell 24, a CJK character counting two cells.
 */
final class FakeConsole {
    static final int VALUE_COLUMN = 24;

    private final StandinModel model = StandinModel.SHARED;
    private final String language;
    private final JsonNode words;
    private final Charset charset;
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    FakeConsole(String language, Charset charset) {
        this.language = language;
        this.words = model.words(language);
        this.charset = charset;
    }

    /** A one-line message such as {@code ok} or {@code created}. */
    String text(String key) {
        return words.get(key).asText();
    }

    void out(List<String> lines) {
        write(stdout, lines);
    }

    /** The message of a failure, one or more lines, on standard error. */
    void fail(String key) {
        JsonNode message = words.get(key);
        write(stderr, message.isArray() ? StandinModel.list(message) : List.of(message.asText()));
    }

    private void write(ByteArrayOutputStream stream, List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append("\r\n"));
        stream.writeBytes(text.toString().getBytes(charset));
    }

    List<String> render(FakeStore store, List<String> guids, boolean verbose) {
        List<String> lines = new ArrayList<>();
        JsonNode titles = words.get("titles");
        for (String guid : guids) {
            String key = model.settingsTitles.getOrDefault(guid, store.objects().get(guid).get("type").asText());
            if (!language.equals("ja")) {
                lines.add("");
            }
            lines.add(titles.has(key) ? titles.get(key).asText() : titles.get("inherit").asText());
            // The dash count follows the English title (zh-CN captures) or is fixed (ja-JP captures use 32).
            lines.add("-".repeat(language.equals("ja") ? 32 : englishTitle(key).length()));
            lines.add(padded(words.get("identifier").asText()) + store.shown(guid, verbose));
            ObjectNode elements = store.elements(guid);
            for (String name : displayOrder(elements)) {
                JsonNode value = elements.get(name);
                if (!value.isArray()) {
                    lines.add(padded(name) + store.shown(value.asText(), verbose));
                    continue;
                }
                for (int i = 0; i < value.size(); i++) {
                    String label = i == 0 ? padded(name) : " ".repeat(VALUE_COLUMN);
                    lines.add(label + store.shown(value.get(i).asText(), verbose));
                }
            }
        }
        return lines;
    }

    /** The model's element order first, then the others as stored. */
    private List<String> displayOrder(ObjectNode elements) {
        List<String> ordered = new ArrayList<>();
        model.elementOrder.stream().filter(elements::has).forEach(ordered::add);
        for (Iterator<String> names = elements.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ordered.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered;
    }

    private String englishTitle(String key) {
        JsonNode titles = model.words("en").get("titles");
        return titles.has(key) ? titles.get(key).asText() : titles.get("inherit").asText();
    }

    static String padded(String label) {
        return label + " ".repeat(Math.max(1, VALUE_COLUMN - displayWidth(label)));
    }

    /** Columns a terminal gives the text: two for East Asian wide characters, as Python's unicodedata says. */
    static int displayWidth(String text) {
        return text.codePoints().map(c -> wide(c) ? 2 : 1).sum();
    }

    private static boolean wide(int c) {
        return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
                || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
                || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
                || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6);
    }
}
