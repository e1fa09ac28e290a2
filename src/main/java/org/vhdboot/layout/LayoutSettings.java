package org.vhdboot.layout;

import org.vhdboot.oci.Rfc3339Time;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The settings of one section of a layout file, each read with the line and key an error names. */
public record LayoutSettings(LayoutText text, LayoutText.Section section, Path folder) {
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    LayoutSettings(LayoutText text, String name, Path folder) throws LayoutException {
        this(text, text.section(name).orElseThrow(() -> new LayoutException(text.file() + " has no [" + name
                + "] section")), folder);
    }

    static Optional<LayoutSettings> optional(LayoutText text, String name, Path folder) {
        return text.section(name).map(section -> new LayoutSettings(text, section, folder));
    }

    /** The value as written, when there is one. */
    Optional<String> text(String key) {
        return section.entry(key).map(LayoutText.Entry::value).filter(value -> !value.isEmpty());
    }

    /** A word or number, without a trailing {@code ; comment} (which neither ever contains). */
    Optional<String> word(String key) {
        return text(key).map(value -> value.replaceFirst("\\s+[;#].*$", "").strip()).filter(v -> !v.isEmpty());
    }

    String required(String key) throws LayoutException {
        return text(key).filter(value -> !value.isBlank()).orElseThrow(() -> missing(key));
    }

    String fileName(String key) throws LayoutException {
        required(key);
        return LayoutFileName.check(text, section.entry(key).orElseThrow(), folder);
    }

    Optional<String> optionalFileName(String key) throws LayoutException {
        return text(key).isEmpty() ? Optional.empty() : Optional.of(fileName(key));
    }

    Optional<Instant> instant(String key) throws LayoutException {
        return parse(key, Rfc3339Time::parse, "is not a time (like 2026-11-26T09:14:25Z)");
    }

    /**
     * The word at {@code key} through {@code parser}; a value it rejects is {@code expected}, or, when that
     * is empty, the parser's own message.
     */
    <T> Optional<T> parse(String key, Parser<T> parser, String expected) throws LayoutException {
        Optional<String> word = word(key);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.parse(word.get()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid(key, expected.isEmpty() ? "(" + e.getMessage() + ")" : expected);
        }
    }

    /**
     * A GUID as vhdboot writes it, {@code 8-4-4-4-12} hex digits, in lower case; anything else (the JDK's parser also
     * takes {@code 1-2-3-4-5}) is refused.
     */
    Optional<String> guid(String key) throws LayoutException {
        return parse(key, text -> {
            if (!GUID.matcher(text).matches()) {
                throw new IllegalArgumentException(text);
            }
            return text.toLowerCase(Locale.ROOT);
        }, "is not a GUID");
    }

    LayoutException invalid(String key, String problem) {
        return section.entry(key).map(entry -> text.invalid(entry, problem))
                .orElseGet(() -> new LayoutException(text.file() + ": [" + section.name() + "] " + problem));
    }

    LayoutException missing(String key) {
        return text.missing(section, key);
    }

    @FunctionalInterface
    interface Parser<T> {
        T parse(String text);
    }
}
