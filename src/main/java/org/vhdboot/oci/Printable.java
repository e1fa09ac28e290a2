package org.vhdboot.oci;

/** Quotes untrusted text for a one-line message: control characters escaped, length capped. */
final class Printable {
    private static final int LIMIT = 80;

    private Printable() {
    }

    static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(text.length(), LIMIT);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > LIMIT) {
            out.append("…");
        }
        return out.append('\'').toString();
    }
}
