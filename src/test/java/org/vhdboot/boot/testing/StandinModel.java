package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stand-ins' shared tables, {@code standin-bcdedit/bcdedit-model.json}: well-known identifiers, the kinds
 * of element and the order they are listed in, and each display language's words. bcdedit.py reads the same file.
 */
final class StandinModel {

    static final StandinModel SHARED = load();

    final Map<String, String> wellKnown;
    final Map<String, String> aliasOf = new HashMap<>();
    final String current;
    final String defaultEntry;
    final String bootmgr;
    final Map<String, Set<String>> elementKinds = new HashMap<>();
    final Set<String> knownElements = new HashSet<>();
    final Map<String, List<String>> enumElements = new HashMap<>();
    final List<String> elementOrder = new ArrayList<>();
    final Map<String, String> objectTypes = new HashMap<>();
    /** Title keys of the inheritable settings groups, by GUID. */
    final Map<String, String> settingsTitles = new HashMap<>();
    private final JsonNode languages;

    private StandinModel(JsonNode model) {
        wellKnown = strings(model.get("well_known"));
        wellKnown.forEach((alias, guid) -> aliasOf.put(guid, alias));
        current = model.get("virtual").get("current").asText();
        defaultEntry = model.get("virtual").get("default").asText();
        bootmgr = wellKnown.get("bootmgr");
        model.get("element_kinds").fields().forEachRemaining(kind -> {
            elementKinds.put(kind.getKey(), new HashSet<>(list(kind.getValue())));
            knownElements.addAll(list(kind.getValue()));
        });
        model.get("enum_elements").fields().forEachRemaining(element -> {
            enumElements.put(element.getKey(), list(element.getValue()));
            knownElements.add(element.getKey());
        });
        elementOrder.addAll(list(model.get("element_order")));
        objectTypes.putAll(strings(model.get("object_types")));
        for (String name : List.of("globalsettings", "bootloadersettings", "resumeloadersettings",
                "hypervisorsettings", "dbgsettings", "emssettings", "badmemory")) {
            settingsTitles.put(wellKnown.get(name), name);
        }
        languages = model.get("languages");
    }

    private static StandinModel load() {
        try (InputStream in = StandinModel.class.getResourceAsStream("/standin-bcdedit/bcdedit-model.json")) {
            return new StandinModel(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isKind(String kind, String element) {
        return elementKinds.get(kind).contains(element);
    }

    boolean hasLanguage(String language) {
        return languages.has(language);
    }

    /** The words of one display language: {@code identifier}, {@code titles}, and the messages by key. */
    JsonNode words(String language) {
        return languages.get(language);
    }

    static List<String> list(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }
}
