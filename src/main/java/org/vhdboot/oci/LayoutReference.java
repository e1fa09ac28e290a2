package org.vhdboot.oci;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** {@code oci-layout:PATH:TAG}: a folder in OCI image layout and a tag in its {@code index.json}. */
public record LayoutReference(Path folder, Tag tag) implements OciReference {
    /** A digest's algorithm after an {@code @}, as the distribution spec writes it: {@code @sha256}. */
    private static final Pattern DIGEST_ALGORITHM_AT_END = Pattern.compile("@[a-z0-9]+(?:[+._-][a-z0-9]+)*$");
    /** A digest's hex part: no tag a person gives is 32 hex digits or more. */
    private static final Pattern DIGEST_ENCODED = Pattern.compile("[a-fA-F0-9]{32,}");

    static LayoutReference parseAfterScheme(String rest) throws OciException {
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE,
                    "oci-layout:PATH:TAG needs a tag after the last colon");
        }
        String path = rest.substring(0, colon);
        String tag = rest.substring(colon + 1);
        if (DIGEST_ALGORITHM_AT_END.matcher(path).find() && DIGEST_ENCODED.matcher(tag).matches()) {
            // PATH@sha256:HEX would read as a folder "PATH@sha256" and a tag HEX: a push there would make that folder.
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "oci-layout: takes a tag, not a digest:"
                    + " oci-layout:PATH:TAG");
        }
        Tag parsed = Tag.parse(tag);
        if (path.isEmpty()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "oci-layout:PATH:TAG needs a PATH");
        }
        try {
            return new LayoutReference(Path.of(path), parsed);
        } catch (InvalidPathException e) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "not a folder path here: "
                    + Printable.of(path));
        }
    }

    @Override
    public String target() {
        return tag.value();
    }

    @Override
    public String toString() {
        return LAYOUT_SCHEME + folder + ":" + tag;
    }
}
