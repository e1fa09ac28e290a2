package org.vhdboot.boot;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code bcdedit /enum} output in any display language (reference section 1.5). Only structure, GUIDs
 * and English element names are trusted: titles and the identifier label are localized, and labels are
 * padded by display width (a CJK character takes two columns), so a value never starts at a fixed character
 * index.
 * <ul>
 *   <li>Objects are separated by blank lines or by a title line followed by a line of dashes.</li>
 *   <li>The first element line of an object is its identifier, whatever its label says.</li>
 *   <li>An element line is a label without spaces, a run of blanks, then the value (which may hold spaces).</li>
 *   <li>Indented lines continue a list value (displayorder, inherit, ...), one item per line.</li>
 * </ul>
 */
public final class BcdeditOutputParser {

    private static final Pattern DASH_LINE = Pattern.compile("\\s*-{3,}\\s*");
    private static final Pattern IDENTIFIER_VALUE = Pattern.compile("(\\{[^{}\\s]+\\})\\s*$");
    private static final Pattern LABEL_AND_VALUE = Pattern.compile("(\\S+)(?:\\s+(.*))?");

    private BcdeditOutputParser() {
    }

    /** Decodes raw bcdedit output with the console code page it was written in, then parses it. */
    public static BcdeditListing parse(byte[] output, Charset consoleCharset) {
        return parse(new String(output, consoleCharset));
    }

    public static BcdeditListing parse(String output) {
        List<String> lines = output.replace("\uFEFF", "").lines().map(String::stripTrailing).toList();
        List<BootEntry> entries = new ArrayList<>();
        ObjectBuilder object = null;
        boolean skipToNextBreak = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean titleLine = !line.isEmpty() && i + 1 < lines.size() && isDashLine(lines.get(i + 1));
            if (line.isEmpty() || isDashLine(line) || titleLine) {
                addIfComplete(entries, object);
                object = null;
                skipToNextBreak = false;
                i += titleLine ? 1 : 0;
            } else if (skipToNextBreak) {
                continue;
            } else if (Character.isWhitespace(line.charAt(0))) {
                if (object != null) {
                    object.continueLastElement(line.strip());
                }
            } else if (object == null) {
                object = identifierLine(line).map(ObjectBuilder::new).orElse(null);
                skipToNextBreak = object == null;
            } else {
                object.addElementLine(line);
            }
        }
        addIfComplete(entries, object);
        return new BcdeditListing(entries);
    }

    /**
     * The GUID in a localized bcdedit message such as "The entry {guid} was successfully created." or
     * "Der Eintrag wurde erfolgreich in {guid} kopiert." Word order differs by language, so only the GUID is read.
     */
    public static Optional<UUID> guidInMessage(String message) {
        return BcdIdentifiers.firstGuidIn(message);
    }

    private static boolean isDashLine(String line) {
        return DASH_LINE.matcher(line).matches();
    }

    private static Optional<UUID> identifierLine(String line) {
        Matcher value = IDENTIFIER_VALUE.matcher(line);
        return value.find() ? BcdIdentifiers.parse(value.group(1)) : Optional.empty();
    }

    private static void addIfComplete(List<BootEntry> entries, ObjectBuilder object) {
        if (object != null) {
            entries.add(object.build());
        }
    }

    /** Collects one object's element lines in order. */
    private static final class ObjectBuilder {
        private final UUID id;
        private final Map<String, List<String>> elements = new LinkedHashMap<>();
        private List<String> lastValues;

        ObjectBuilder(UUID id) {
            this.id = id;
        }

        void addElementLine(String line) {
            Matcher parts = LABEL_AND_VALUE.matcher(line);
            if (!parts.matches()) {
                return;
            }
            String value = parts.group(2) == null ? "" : parts.group(2);
            lastValues = elements.computeIfAbsent(parts.group(1), name -> new ArrayList<>());
            lastValues.add(value);
        }

        void continueLastElement(String item) {
            if (lastValues != null) {
                lastValues.add(item);
            }
        }

        BootEntry build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            elements.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
            return new BootEntry(id, frozen);
        }
    }
}
