package org.vhdboot.oci;

import java.util.regex.Pattern;

/** A repository name as the OCI distribution spec defines it: lower-case path components, at most 255 characters. */
public record RepositoryName(String value) {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    private static final Pattern NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    public static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (value == null || value.length() > MAX_LENGTH || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("not a repository name");
        }
    }

    public static RepositoryName parse(String text) throws OciException {
        if (text == null || text.isEmpty()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "the repository name is missing");
        }
        if (text.length() > MAX_LENGTH || !NAME.matcher(text).matches()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "not a repository name: " + Printable.of(text)
                    + " (lower-case letters, digits and . _ __ - between them, components separated by /, at most "
                    + MAX_LENGTH + " characters)");
        }
        return new RepositoryName(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
