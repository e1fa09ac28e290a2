package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/** How {@code /set} stores a value, by the element's kind, as bcdedit.py's element_value does. */
final class FakeElementValue {
    private static final List<String> DEVICE_PREFIXES = List.of("partition=", "vhd=[", "locate=", "ramdisk=", "file=[");

    private FakeElementValue() {
    }

    static JsonNode of(FakeStore store, String name, List<String> values) {
        StandinModel model = StandinModel.SHARED;
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (model.isKind("list", name)) {
            if (values.isEmpty()) {
                throw new BcdeditFailure("bad_args");
            }
            return FakeStore.guids(values.stream().map(store::resolve).toArray(String[]::new));
        }
        if (values.size() != 1) {
            throw new BcdeditFailure("bad_args");
        }
        String value = values.get(0);
        if (model.isKind("object", name)) {
            return nodes.textNode(store.resolve(value));
        }
        if (model.isKind("boolean", name)) {
            return nodes.textNode(yesOrNo(value));
        }
        if (model.isKind("integer", name)) {
            if (!value.matches("[0-9]+")) {
                throw new BcdeditFailure("bad_value");
            }
            return nodes.textNode(new BigInteger(value).toString());
        }
        if (model.enumElements.containsKey(name)) {
            return nodes.textNode(model.enumElements.get(name).stream().filter(choice -> choice.equalsIgnoreCase(value))
                    .findFirst().orElseThrow(() -> new BcdeditFailure("bad_value")));
        }
        if (model.isKind("device", name)) {
            String lowered = value.toLowerCase(Locale.ROOT);
            if (!(lowered.equals("boot") || lowered.equals("locate")
                    || DEVICE_PREFIXES.stream().anyMatch(lowered::startsWith))) {
                throw new BcdeditFailure("bad_value");
            }
        }
        return nodes.textNode(value);
    }

    private static String yesOrNo(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "on":
            case "yes":
            case "true":
            case "1":
                return "Yes";
            case "off":
            case "no":
            case "false":
            case "0":
                return "No";
            default:
                throw new BcdeditFailure("bad_value");
        }
    }
}
