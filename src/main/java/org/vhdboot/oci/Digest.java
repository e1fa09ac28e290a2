package org.vhdboot.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code sha256:} and 64 lower-case hex digits. The OCI spec registers sha512 too; vhdboot
 * writes and accepts sha256 only, so a digest is also a safe file name in a layout's {@code blobs/sha256}.
 */
public record Digest(String hex) {
    public static final String ALGORITHM = "sha256";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: 64 lower-case hex digits expected");
        }
    }

    /** Parses {@code sha256:HEX}; anything else is an {@link OciException} of kind INVALID_REFERENCE. */
    @JsonCreator
    public static Digest parse(String text) throws OciException {
        if (text == null || text.length() > 200) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "not a digest: " + Printable.of(text));
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "not a digest (ALGORITHM:HEX): "
                    + Printable.of(text));
        }
        String algorithm = text.substring(0, colon);
        if (!algorithm.equals(ALGORITHM)) {
            throw new OciException(OciException.Kind.UNSUPPORTED, "digest algorithm " + Printable.of(algorithm)
                    + " is not supported (only sha256)");
        }
        String hex = text.substring(colon + 1);
        if (!HEX.matcher(hex).matches()) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "not a sha256 digest: "
                    + Printable.of(text));
        }
        return new Digest(hex);
    }

    public static Digest of(byte[] content) {
        return fromHash(newSha256().digest(content));
    }

    public static Digest fromHash(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }
}
