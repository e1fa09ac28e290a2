package org.vhdboot.oci;

import java.util.Locale;

/** Quotes untrusted text for a one-line message: control characters escaped, length capped. */
final class Printable {
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

    /** {@code text} with its control characters escaped, whole: for a message that quotes it already. */
    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
