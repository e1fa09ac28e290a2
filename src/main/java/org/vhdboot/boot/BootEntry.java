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
}
