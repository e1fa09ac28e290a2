package org.vhdboot.oci;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code oci-layout:PATH:TAG}: a folder in OCI image layout and a tag in its {@code index.json}. */
public record LayoutReference(Path folder, Tag tag) implements OciReference {
    static LayoutReference parseAfterScheme(String rest) throws OciException {
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE,
                    "oci-layout:PATH:TAG needs a tag after the last colon");
        }
        String path = rest.substring(0, colon);
        Tag tag = Tag.parse(rest.substring(colon + 1));
        if (path.isEmpty()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "oci-layout:PATH:TAG needs a PATH");
        }
        try {
            return new LayoutReference(Path.of(path), tag);
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
