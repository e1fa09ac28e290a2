package org.vhdboot.boot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One boot store object as read back: its identifier and its elements by English element name
 * ({@code description}, {@code device}, {@code osdevice}, {@code path}, ...). List elements keep every item.
 */
public record BootEntry(UUID id, Map<String, List<String>> elements) {

    public BootEntry {
        elements = Map.copyOf(elements);
    }

    /** The first value of an element, e.g. {@code description}. */
    public Optional<String> value(String element) {
        List<String> values = elements.get(element);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> values(String element) {
        return elements.getOrDefault(element, List.of());
    }

    /**
     * Whether the entry shows {@code element} as bcdedit displays the value that was set: devices may carry a
     * {@code ,locate=...} suffix Windows adds, booleans read Yes/No, and identifiers may be aliases or GUIDs.
     */
    public boolean shows(String element, String value) {
        Optional<String> shown = value(element.toLowerCase(java.util.Locale.ROOT));
        return shown.isPresent() && normalize(element, shown.get()).equals(normalize(element, value));
    }

    private static String normalize(String element, String value) {
        String text = value.strip();
        Optional<UUID> id = BcdIdentifiers.parse(text);
        if (id.isPresent()) {
            return id.get().toString();
        }
        text = text.toLowerCase(java.util.Locale.ROOT);
        if (element.toLowerCase(java.util.Locale.ROOT).endsWith("device")) {
            int locate = text.indexOf(",locate=");
            if (locate >= 0) {
                text = text.substring(0, locate);
            }
        }
        switch (text) {
            case "on":
            case "yes":
            case "true":
                return "yes";
            case "off":
            case "no":
            case "false":
                return "no";
            default:
                return text;
        }
    }
}
