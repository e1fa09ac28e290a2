package org.vhdboot.oci;

/**
 * Where an artifact lives: {@code oci://HOST[:PORT]/REPO:TAG} (or {@code REPO@sha256:HEX}) for a registry, or
 * {@code oci-layout:PATH:TAG} for a folder in OCI image layout. In the layout form the tag is what follows the
 * <em>last</em> colon, so PATH may hold colons itself ({@code oci-layout:C:\share\repo:v1},
 * {@code oci-layout:\\server\share\repo:v1}); the tag is required.
 */
public sealed interface OciReference permits RegistryReference, LayoutReference {
    String REGISTRY_SCHEME = "oci://";
    String LAYOUT_SCHEME = "oci-layout:";
    int MAX_LENGTH = 4096;

    static OciReference parse(String text) throws OciException {
        if (text == null || text.isEmpty()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "the reference is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "the reference is longer than "
                    + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new OciException(OciException.Kind.INVALID_REFERENCE,
                        "the reference holds a control character: " + Printable.of(text));
            }
        }
        if (text.startsWith(REGISTRY_SCHEME)) {
            return RegistryReference.parseAfterScheme(text.substring(REGISTRY_SCHEME.length()));
        }
        if (text.startsWith(LAYOUT_SCHEME)) {
            return LayoutReference.parseAfterScheme(text.substring(LAYOUT_SCHEME.length()));
        }
        throw new OciException(OciException.Kind.INVALID_REFERENCE, "not an OCI reference: " + Printable.of(text)
                + " (expected oci://HOST[:PORT]/REPO:TAG or oci-layout:PATH:TAG)");
    }

    /** The tag, or the digest, this reference names inside its repository or folder. */
    String target();
}
