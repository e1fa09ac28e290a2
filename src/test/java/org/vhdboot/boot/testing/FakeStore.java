package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One boot store of the in-JVM fake, in the stand-in's JSON shape: {@code firmware}, {@code current} (the GUID
 * the running OS booted from) and {@code objects} ({@code {guid}} to {@code type} and {@code elements}, each a
 * string or a list of GUIDs). Identifiers are resolved as bcdedit.py resolves them.
 */
final class FakeStore {
    static final Pattern GUID = Pattern.compile(
            "\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String WINDOWS_11 = "{3e1c7a52-8f0d-4b6e-a2c4-5d9e0f1b7a63}";
    private static final String WINDOWS_RESUME = "{3e1c7a54-8f0d-4b6e-a2c4-5d9e0f1b7a63}";

    private final StandinModel model = StandinModel.SHARED;
    final ObjectNode json;

    FakeStore(ObjectNode json) {
        this.json = json;
    }

    ObjectNode objects() {
        return (ObjectNode) json.get("objects");
    }

    boolean has(String guid) {
        return objects().has(guid);
    }

    ObjectNode elements(String guid) {
        return (ObjectNode) objects().get(guid).get("elements");
    }

    /** The boot manager's elements, or none when the store has no boot manager. */
    ObjectNode manager() {
        return has(model.bootmgr) ? elements(model.bootmgr) : NODES.objectNode();
    }

    ObjectNode bootmgrElements() {
        if (!has(model.bootmgr)) {
            throw new BcdeditFailure("not_found");
        }
        return elements(model.bootmgr);
    }

    String current() {
        JsonNode current = json.get("current");
        return current == null || current.isNull() ? null : current.asText();
    }

    /** The stored GUID an identifier names; fails for unknown or dangling identifiers. */
    String resolve(String token) {
        String lowered = token.strip().toLowerCase(Locale.ROOT);
        if (lowered.equals("{current}") || lowered.equals(model.current)) {
            return existingOrFail(current());
        }
        if (lowered.equals("{default}") || lowered.equals(model.defaultEntry)) {
            JsonNode target = manager().get("default");
            return existingOrFail(target == null ? null : target.asText());
        }
        if (lowered.startsWith("{") && lowered.endsWith("}")
                && model.wellKnown.containsKey(lowered.substring(1, lowered.length() - 1))) {
            return model.wellKnown.get(lowered.substring(1, lowered.length() - 1));
        }
        if (lowered.equals("{legacy}")) {
            return model.wellKnown.get("ntldr");
        }
        if (!GUID.matcher(lowered).matches()) {
            throw new BcdeditFailure("bad_args");
        }
        return lowered;
    }

    /** {@link #resolve}, and the object must exist. */
    String existing(String token) {
        String guid = resolve(token);
        if (!has(guid)) {
            throw new BcdeditFailure("not_found");
        }
        return guid;
    }

    private String existingOrFail(String guid) {
        if (guid != null && has(guid)) {
            return guid;
        }
        throw new BcdeditFailure("not_found");
    }

    /** How an identifier is printed: the full GUID with /v, otherwise an alias where one applies. */
    String shown(String value, boolean verbose) {
        if (verbose || !GUID.matcher(value).matches()) {
            return value;
        }
        if (model.aliasOf.containsKey(value)) {
            return "{" + model.aliasOf.get(value) + "}";
        }
        if (value.equals(current())) {
            return "{current}";
        }
        JsonNode target = manager().get("default");
        return target != null && value.equals(target.asText()) ? "{default}" : value;
    }

    /** A store with nothing in it, as {@code /createstore} makes. */
    static FakeStore empty(String firmware) {
        ObjectNode json = NODES.objectNode();
        json.put("firmware", firmware);
        json.putNull("current");
        json.putObject("objects");
        return new FakeStore(json);
    }

    /** A Windows 11 installation as bcdboot leaves it, exactly as bcdedit.py's initial_store makes it. */
    static FakeStore initial(String firmware) {
        StandinModel model = StandinModel.SHARED;
        boolean uefi = firmware.equals("uefi");
        String loader = uefi ? "winload.efi" : "winload.exe";
        FakeStore store = empty(firmware);
        store.json.put("current", WINDOWS_11);
        if (uefi) {
            ObjectNode firmwareManager = store.add("fwbootmgr", model.wellKnown.get("fwbootmgr"));
            firmwareManager.set("displayorder", guids(model.bootmgr));
            firmwareManager.put("timeout", "0");
        }
        ObjectNode bootmgr = store.add("bootmgr", model.bootmgr);
        bootmgr.put("device", "partition=\\Device\\HarddiskVolume1");
        if (uefi) {
            bootmgr.put("path", "\\EFI\\Microsoft\\Boot\\bootmgfw.efi");
        }
        bootmgr.put("description", "Windows Boot Manager").put("locale", "en-US");
        bootmgr.set("inherit", guids(model.wellKnown.get("globalsettings")));
        bootmgr.put("default", WINDOWS_11).put("resumeobject", WINDOWS_RESUME);
        bootmgr.set("displayorder", guids(WINDOWS_11));
        bootmgr.set("toolsdisplayorder", guids(model.wellKnown.get("memdiag")));
        bootmgr.put("timeout", "30");
        ObjectNode windows = store.add("osloader", WINDOWS_11);
        windows.put("device", "partition=C:").put("path", "\\Windows\\system32\\" + loader)
                .put("description", "Windows 11").put("locale", "en-US");
        windows.set("inherit", guids(model.wellKnown.get("bootloadersettings")));
        windows.put("recoveryenabled", "No").put("isolatedcontext", "Yes").put("allowedinmemorysettings", "0x15000075")
                .put("osdevice", "partition=C:").put("systemroot", "\\Windows").put("resumeobject", WINDOWS_RESUME)
                .put("nx", "OptIn").put("bootmenupolicy", "Standard");
        ObjectNode resume = store.add("resume", WINDOWS_RESUME);
        resume.put("device", "partition=C:").put("path", "\\Windows\\system32\\winresume." + (uefi ? "efi" : "exe"))
                .put("description", "Windows Resume Application").put("locale", "en-US");
        resume.set("inherit", guids(model.wellKnown.get("resumeloadersettings")));
        resume.put("isolatedcontext", "Yes").put("allowedinmemorysettings", "0x15000075").put("filedevice", "partition=C:")
                .put("filepath", "\\hiberfil.sys").put("debugoptionenabled", "No");
        ObjectNode memdiag = store.add("memdiag", model.wellKnown.get("memdiag"));
        memdiag.put("device", "partition=\\Device\\HarddiskVolume1")
                .put("path", uefi ? "\\EFI\\Microsoft\\Boot\\memtest.efi" : "\\boot\\memtest.exe")
                .put("description", "Windows Memory Diagnostic").put("locale", "en-US");
        memdiag.set("inherit", guids(model.wellKnown.get("globalsettings")));
        memdiag.put("badmemoryaccess", "Yes");
        addSettingsGroups(store, model);
        return store;
    }

    private static void addSettingsGroups(FakeStore store, StandinModel model) {
        store.add("inherit", model.wellKnown.get("emssettings")).put("bootems", "No");
        store.add("inherit", model.wellKnown.get("dbgsettings")).put("debugtype", "Local");
        store.add("inherit", model.wellKnown.get("badmemory"));
        ObjectNode global = store.add("inherit", model.wellKnown.get("globalsettings"));
        global.put("locale", "en-US");
        global.set("inherit", guids(model.wellKnown.get("dbgsettings"), model.wellKnown.get("emssettings"),
                model.wellKnown.get("badmemory")));
        store.add("inherit", model.wellKnown.get("bootloadersettings")).set("inherit",
                guids(model.wellKnown.get("globalsettings"), model.wellKnown.get("hypervisorsettings")));
        store.add("inherit", model.wellKnown.get("hypervisorsettings")).put("hypervisordebugtype", "Serial")
                .put("hypervisordebugport", "1").put("hypervisorbaudrate", "115200");
        store.add("inherit", model.wellKnown.get("resumeloadersettings")).set("inherit",
                guids(model.wellKnown.get("globalsettings")));
    }

    /** Adds an object and returns its (empty) elements. */
    ObjectNode add(String type, String guid) {
        ObjectNode object = objects().putObject(guid);
        object.put("type", type);
        return object.putObject("elements");
    }

    static ArrayNode guids(String... values) {
        ArrayNode list = NODES.arrayNode();
        for (String value : values) {
            list.add(value);
        }
        return list;
    }
}
