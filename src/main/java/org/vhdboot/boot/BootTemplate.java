package org.vhdboot.boot;

import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.Profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recipe for the elements of a VHD boot entry, kept in an ini file so a lab can adapt it without a new build.
 * <pre>
 * [template]
 * name = windows-uefi
 * firmware = uefi              ; uefi or bios
 * [elements]                   ; bcdedit element = value, applied in this order
 * device = vhd=${vhd}
 * path = \Windows\system32\winload.efi
 * </pre>
 * Backslashes are literal (ini4j escape processing is off). The placeholders are {@code ${vhd}}, the caller's
 * {@code [X:]\dir\file.vhdx} device string, and {@code ${locale}}, the boot locale ({@link BootLocale}). Two
 * templates ship in the jar under {@code bcd-templates/}: {@code windows-uefi} and {@code windows-bios}, each the
 * elements of a bcdboot-made entry (bcd-templates/README.md lists them).
 */
public final class BootTemplate {

    private static final Map<String, String> BUNDLED = Map.of(
            "uefi", "windows-uefi", "windows-uefi", "windows-uefi",
            "bios", "windows-bios", "windows-bios", "windows-bios");
    private static final String VHD_PLACEHOLDER = "${vhd}";
    private static final String LOCALE_PLACEHOLDER = "${locale}";
    private static final Set<String> PLACEHOLDERS = Set.of(VHD_PLACEHOLDER, LOCALE_PLACEHOLDER);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ELEMENT_NAME = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern VHD_DEVICE = Pattern.compile("\\[[^\\]]+]\\\\.*[^\\\\]");
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s[;#]");
    private static final Set<String> TEMPLATE_KEYS = Set.of("name", "firmware");

    private final String name;
    private final FirmwareType firmware;
    private final Map<String, String> elements;

    private BootTemplate(String name, FirmwareType firmware, Map<String, String> elements) {
        this.name = name;
        this.firmware = firmware;
        this.elements = elements;
    }

    /** A template shipped in the jar: {@code uefi}, {@code bios}, {@code windows-uefi} or {@code windows-bios}. */
    public static BootTemplate bundled(String name) throws BootTemplateException {
        String file = BUNDLED.get(name.toLowerCase(Locale.ROOT));
        if (file == null) {
            throw new BootTemplateException("Unknown boot template '" + name + "'; use uefi, bios or a path to an .ini file.");
        }
        String resource = "/bcd-templates/" + file + ".ini";
        try (InputStream in = BootTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BootTemplateException("Boot template " + resource + " is missing from this build.");
            }
            return parse(decode(in.readAllBytes(), resource), resource);
        } catch (IOException unreadable) {
            throw new BootTemplateException("Cannot read boot template " + resource + ": " + unreadable.getMessage(),
                    unreadable);
        }
    }

    /** A template from an ini file. */
    public static BootTemplate fromFile(Path file) throws BootTemplateException {
        try {
            return parse(decode(Files.readAllBytes(file), file.toString()), file.toString());
        } catch (IOException unreadable) {
            throw new BootTemplateException("Cannot read boot template " + file + ": " + describe(unreadable), unreadable);
        }
    }

    /** A bundled template by name if {@code nameOrPath} is one, otherwise the ini file at that path. */
    public static BootTemplate resolve(String nameOrPath) throws BootTemplateException {
        if (BUNDLED.containsKey(nameOrPath.toLowerCase(Locale.ROOT))) {
            return bundled(nameOrPath);
        }
        return fromFile(Path.of(nameOrPath));
    }

    /**
     * Parses template text.
     *
     * @param source names the template in error messages, e.g. its file name
     */
    public static BootTemplate parse(String text, String source) throws BootTemplateException {
        Ini ini = new Ini();
        ini.setConfig(strictLiteralConfig());
        try {
            ini.load(new StringReader(text.replace("\uFEFF", "")));
        } catch (IOException notIni) {
            throw invalid(source, "not an ini file (" + describe(notIni) + ")");
        }
        for (String section : ini.keySet()) {
            if (!section.equals("template") && !section.equals("elements")) {
                throw invalid(source, "unknown section [" + section + "]; expected [template] and [elements]");
            }
            if (ini.getAll(section).size() > 1) {
                throw invalid(source, "section [" + section + "] appears more than once");
            }
        }
        Profile.Section header = requiredSection(ini, "template", source);
        for (String key : header.keySet()) {
            if (!TEMPLATE_KEYS.contains(key)) {
                throw invalid(source, "unknown setting '" + key + "' in [template]; expected name and firmware");
            }
        }
        String name = requiredValue(header, "name", source);
        FirmwareType firmware = firmware(requiredValue(header, "firmware", source), source);
        Map<String, String> elements = new LinkedHashMap<>();
        Profile.Section elementSection = requiredSection(ini, "elements", source);
        for (String element : elementSection.keySet()) {
            if (!ELEMENT_NAME.matcher(element).matches()) {
                throw invalid(source, "'" + element + "' is not a bcdedit element name (lower-case letters and digits)");
            }
            String value = requiredValue(elementSection, element, source);
            checkValue(element, value, source);
            elements.put(element, value);
        }
        if (elements.isEmpty()) {
            throw invalid(source, "[elements] is empty");
        }
        return new BootTemplate(name, firmware, Collections.unmodifiableMap(elements));
    }

    public String name() {
        return name;
    }

    public FirmwareType firmware() {
        return firmware;
    }

    /** {@link #elementsFor(String, String)} with the running system's locale. */
    public List<BootElement> elementsFor(String vhd) {
        return elementsFor(vhd, BootLocale.ofRunningSystem());
    }

    /**
     * The elements of an entry booting {@code vhd}, in template order, with the placeholders replaced.
     *
     * @param vhd the VHD device path as bcdedit wants it after {@code vhd=}, e.g. {@code [C:]\VHD\Lab-Current.vhdx}
     * @param locale the value of {@code ${locale}}, e.g. {@code de-DE}
     * @throws IllegalArgumentException if {@code vhd} is not of the form {@code [X:]\path}, or {@code locale} is
     *                                  not of the form {@code en-US}
     */
    public List<BootElement> elementsFor(String vhd, String locale) {
        if (vhd == null || !VHD_DEVICE.matcher(vhd).matches() || vhd.contains("\"")) {
            throw new IllegalArgumentException("Not a VHD device path like [C:]\\VHD\\Lab-Current.vhdx: " + vhd);
        }
        if (locale == null || !BootLocale.valid(locale)) {
            throw new IllegalArgumentException("Not a boot locale like en-US: " + locale);
        }
        Map<String, String> values = Map.of(VHD_PLACEHOLDER, vhd, LOCALE_PLACEHOLDER, locale);
        List<BootElement> filled = new ArrayList<>();
        elements.forEach((element, value) -> filled.add(new BootElement(element,
                PLACEHOLDER.matcher(value).replaceAll(found -> Matcher.quoteReplacement(values.get(found.group()))))));
        return List.copyOf(filled);
    }

    /** The elements as the template writes them, placeholders included, in template order. */
    public Map<String, String> elements() {
        return elements;
    }

    /** Escapes off so {@code \Windows} keeps its backslashes; duplicates kept so they can be refused. */
    private static Config strictLiteralConfig() {
        Config config = new Config();
        config.setEscape(false);
        config.setEscapeNewline(false);
        config.setMultiOption(true);
        config.setMultiSection(true);
        config.setEmptyOption(true);
        config.setGlobalSection(false);
        return config;
    }

    private static Profile.Section requiredSection(Ini ini, String section, String source) throws BootTemplateException {
        Profile.Section found = ini.get(section);
        if (found == null) {
            throw invalid(source, "missing section [" + section + "]");
        }
        return found;
    }

    private static String requiredValue(Profile.Section section, String key, String source)
            throws BootTemplateException {
        List<String> values = section.getAll(key);
        if (values == null || values.isEmpty()) {
            throw invalid(source, "missing '" + key + "' in [" + section.getName() + "]");
        }
        if (values.size() > 1) {
            throw invalid(source, "'" + key + "' appears more than once in [" + section.getName() + "]");
        }
        String value = values.get(0) == null ? "" : values.get(0).strip();
        if (value.isEmpty()) {
            throw invalid(source, "'" + key + "' in [" + section.getName() + "] has no value");
        }
        return value;
    }

    private static FirmwareType firmware(String value, String source) throws BootTemplateException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "uefi":
                return FirmwareType.UEFI;
            case "bios":
                return FirmwareType.BIOS;
            default:
                throw invalid(source, "firmware must be uefi or bios, not '" + value + "'");
        }
    }

    private static void checkValue(String element, String value, String source) throws BootTemplateException {
        if (INLINE_COMMENT.matcher(value).find()) {
            // ini4j keeps text after ';' or '#' as part of the value; bcdedit would silently receive it.
            throw invalid(source, "the value of " + element + " holds a comment; put comments on their own line");
        }
        if (value.contains("\"")) {
            throw invalid(source, "the value of " + element + " contains a double quote, which bcdedit cannot receive");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            // A tab or NUL would reach bcdedit's command line, which cannot carry it; refused before anything is made.
            throw invalid(source, "the value of " + element + " contains a control character, which bcdedit cannot"
                    + " receive");
        }
        Matcher placeholder = PLACEHOLDER.matcher(value);
        while (placeholder.find()) {
            if (!PLACEHOLDERS.contains(placeholder.group())) {
                throw invalid(source, "unknown placeholder " + placeholder.group() + " in " + element
                        + "; only ${vhd} and ${locale} are supported");
            }
        }
        if (placeholder.replaceAll("").contains("${")) {
            throw invalid(source, "unterminated placeholder in " + element + "; write ${vhd} or ${locale}");
        }
    }

    private static String decode(byte[] bytes, String source) throws BootTemplateException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw invalid(source, "not UTF-8 text");
        }
    }

    private static String describe(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        String message = failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : message.lines().findFirst().orElse(kind);
    }

    private static BootTemplateException invalid(String source, String problem) {
        return new BootTemplateException("Boot template " + source + " is invalid: " + problem + ".");
    }
}
