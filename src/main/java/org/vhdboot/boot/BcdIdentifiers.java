package org.vhdboot.boot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Boot store object identifiers as bcdedit writes them: {@code {lowercase-guid}} or a well-known alias such as
 * {@code {bootmgr}}. The GUIDs are the ones stored in real hives (reference section 2.3).
 */
public final class BcdIdentifiers {

    public static final UUID BOOTMGR = UUID.fromString("9dea862c-5cdd-4e70-acc1-f32b344d4795");
    public static final UUID FWBOOTMGR = UUID.fromString("a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba");
    public static final UUID MEMDIAG = UUID.fromString("b2721d73-1db4-4c62-bf78-c548a880142d");
    public static final UUID NTLDR = UUID.fromString("466f5a88-0af2-4f76-9038-095b170dc21c");
    /** Virtual: never stored; bcdedit resolves it to the entry the running OS booted from. */
    public static final UUID CURRENT = UUID.fromString("fa926493-6f1c-4193-a414-58f0b2456d1e");
    /** Virtual: never stored; resolves through the boot manager's {@code default} element. */
    public static final UUID DEFAULT = UUID.fromString("1cae1eb7-a0df-4d4d-9851-4860e34ef535");
    public static final UUID GLOBALSETTINGS = UUID.fromString("7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e");
    public static final UUID BOOTLOADERSETTINGS = UUID.fromString("6efb52bf-1766-41db-a6b3-0ee5eff72bd7");
    /** Group 4 is {@code 901b} as in real hives; some libraries carry a {@code 4a90} typo. */
    public static final UUID RESUMELOADERSETTINGS = UUID.fromString("1afa9c49-16ab-4a5c-901b-212802da9460");
    public static final UUID DBGSETTINGS = UUID.fromString("4636856e-540f-4170-a130-a84776f4c654");
    public static final UUID EMSSETTINGS = UUID.fromString("0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9");
    public static final UUID BADMEMORY = UUID.fromString("5189b25c-5558-4bf2-bca4-289b11bd29e2");
    public static final UUID HYPERVISORSETTINGS = UUID.fromString("7ff607e0-4395-11db-b0de-0800200c9a66");
    public static final UUID RAMDISKOPTIONS = UUID.fromString("ae5534e0-a924-466c-b836-758539a3ee3a");

    private static final Map<String, UUID> ALIASES = aliases();
    private static final Pattern BRACED_GUID = Pattern.compile(
            "\\{([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\}");
    private static final Pattern BRACED_NAME = Pattern.compile("\\{([A-Za-z]+)\\}");

    private BcdIdentifiers() {
    }

    private static Map<String, UUID> aliases() {
        Map<String, UUID> aliases = new LinkedHashMap<>();
        aliases.put("bootmgr", BOOTMGR);
        aliases.put("fwbootmgr", FWBOOTMGR);
        aliases.put("memdiag", MEMDIAG);
        aliases.put("ntldr", NTLDR);
        aliases.put("legacy", NTLDR);
        aliases.put("current", CURRENT);
        aliases.put("default", DEFAULT);
        aliases.put("globalsettings", GLOBALSETTINGS);
        aliases.put("bootloadersettings", BOOTLOADERSETTINGS);
        aliases.put("resumeloadersettings", RESUMELOADERSETTINGS);
        aliases.put("dbgsettings", DBGSETTINGS);
        aliases.put("emssettings", EMSSETTINGS);
        aliases.put("badmemory", BADMEMORY);
        aliases.put("hypervisorsettings", HYPERVISORSETTINGS);
        aliases.put("ramdiskoptions", RAMDISKOPTIONS);
        return Map.copyOf(aliases);
    }

    /**
     * How vhdboot names an object on a bcdedit command line: {@code {lowercase-guid}}, except the two virtual
     * identifiers, which are only meaningful by name ({@code {current}}, {@code {default}}).
     */
    public static String commandForm(UUID id) {
        if (CURRENT.equals(id)) {
            return "{current}";
        }
        if (DEFAULT.equals(id)) {
            return "{default}";
        }
        return "{" + id.toString().toLowerCase(Locale.ROOT) + "}";
    }

    /** Reads {@code {guid}} or a well-known alias such as {@code {bootmgr}}; surrounding blanks are ignored. */
    public static Optional<UUID> parse(String text) {
        String token = text.strip();
        Matcher guid = BRACED_GUID.matcher(token);
        if (guid.matches()) {
            return Optional.of(UUID.fromString(guid.group(1)));
        }
        Matcher name = BRACED_NAME.matcher(token);
        if (name.matches()) {
            return Optional.ofNullable(ALIASES.get(name.group(1).toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    /** The first {@code {guid}} anywhere in {@code text}, e.g. in a localized "entry created" message. */
    public static Optional<UUID> firstGuidIn(String text) {
        Matcher guid = BRACED_GUID.matcher(text);
        return guid.find() ? Optional.of(UUID.fromString(guid.group(1))) : Optional.empty();
    }
}
