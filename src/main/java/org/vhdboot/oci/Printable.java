package org.vhdboot.oci;

import java.util.Locale;

/**
 * Quotes untrusted text for a one-line message: control characters and bidirectional overrides and isolates escaped,
 * length capped.
 */
public final class Printable {
    private static final int LIMIT = 80;

    private Printable() {
    }

    static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = escaped(text.substring(0, Math.min(text.length(), LIMIT)));
        return "'" + shown + (text.length() > LIMIT ? "…" : "") + "'";
    }

    /**
     * Whether {@code c} must not reach a terminal as it is: a control character, or a bidirectional override or
     * isolate (U+202A-U+202E, U+2066-U+2069), which shows the rest of the line reordered.
     */
    public static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    /** {@code text} with what {@link #needsEscape} names escaped, whole: for a message that quotes it already. */
    public static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            escapeTo(text.charAt(i), out);
        }
        return out.toString();
    }

    /** Appends {@code c}, or {@code \\uXXXX} when it {@link #needsEscape needs escaping}. */
    public static void escapeTo(char c, StringBuilder out) {
        if (needsEscape(c)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
            out.append(c);
        }
    }
}
