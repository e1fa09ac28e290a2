package org.vhdboot.oci;

import java.util.regex.Pattern;

/** A tag as the OCI distribution spec defines it: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String value) {
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (value == null || !TAG.matcher(value).matches()) {
            throw new IllegalArgumentException("not a tag");
        }
    }

    public static Tag parse(String text) throws OciException {
        if (text == null || text.isEmpty()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "the tag is missing");
        }
        if (!TAG.matcher(text).matches()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "not a tag: " + Printable.of(text)
                    + " (letters, digits, _ . -, not starting with . or -, at most 128 characters)");
        }
        return new Tag(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
