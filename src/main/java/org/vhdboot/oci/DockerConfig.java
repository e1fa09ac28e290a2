package org.vhdboot.oci;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials in Docker's {@code config.json} format: {@code auths} entries with a base64 {@code auth} of
 * {@code user:password} (or {@code username} and {@code password}). Credential helpers ({@code credHelpers},
 * {@code credsStore}) and identity tokens are not supported and say so. No failure message quotes the file.
 */
public final class DockerConfig {
    static final int MAX_BYTES = 1 << 20;

    private final JsonNode root;
    private final String source;

    private DockerConfig(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    public static DockerConfig read(Path file) throws IOException {
        String source = file.toString();
        if (Files.size(file) > MAX_BYTES) {
            throw new OciException(OciException.Kind.UNSUPPORTED, source + " is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = OciJson.tree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            // Where, never what: Jackson's own message may quote the file, credentials included.
            JsonLocation at = e.getLocation();
            throw new OciException(OciException.Kind.UNSUPPORTED, source + " is not valid JSON" + (e instanceof
                    StreamConstraintsException ? " (nested too deeply, or a value too long)" : at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new OciException(OciException.Kind.UNSUPPORTED, source + " is not a JSON object");
        }
        return new DockerConfig(root, source);
    }

    /**
     * The credentials stored for {@code authority} ({@code HOST[:PORT]}), or empty for anonymous access. A
     * credential helper configured for it is an UNSUPPORTED failure rather than a silent anonymous attempt.
     */
    public Optional<Credentials> credentialsFor(String authority) throws OciException {
        String wanted = authority.toLowerCase(Locale.ROOT);
        JsonNode helpers = root.path("credHelpers");
        if (helpers.isObject() && helpers.has(wanted)) {
            throw unsupported("the credential helper configured for " + authority + " in " + source);
        }
        JsonNode entry = authsEntry(wanted);
        if (entry != null) {
            Optional<Credentials> stored = fromEntry(entry, authority);
            if (stored.isPresent()) {
                return stored;
            }
        }
        if (root.path("credsStore").isTextual()) {
            throw unsupported("the credential store (credsStore) in " + source);
        }
        return Optional.empty();
    }

    private JsonNode authsEntry(String wanted) {
        JsonNode auths = root.path("auths");
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (normalize(field.getKey()).equals(wanted) && field.getValue().isObject()) {
                return field.getValue();
            }
        }
        return null;
    }

    /** Keys may be {@code host:port} or a URL such as {@code https://host/v1/}. */
    static String normalize(String key) {
        String value = key.toLowerCase(Locale.ROOT);
        int scheme = value.indexOf("://");
        if (scheme >= 0) {
            value = value.substring(scheme + 3);
        }
        int slash = value.indexOf('/');
        return slash >= 0 ? value.substring(0, slash) : value;
    }

    private Optional<Credentials> fromEntry(JsonNode entry, String authority) throws OciException {
        if (entry.path("identitytoken").isTextual() && !entry.path("identitytoken").asText().isEmpty()) {
            throw unsupported("the identity token stored for " + authority + " in " + source);
        }
        if (entry.path("auth").isTextual() && !entry.path("auth").asText().isEmpty()) {
            return Optional.of(decodeAuth(entry.path("auth").asText(), authority));
        }
        if (entry.path("username").isTextual() && entry.path("password").isTextual()) {
            return Optional.of(credentials(entry.path("username").asText(), entry.path("password").asText().toCharArray(),
                    authority));
        }
        return Optional.empty();
    }

    private Credentials decodeAuth(String encoded, String authority) throws OciException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw broken(authority, "its auth is not base64");
        }
        try {
            java.nio.CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw));
            char[] pair = decoded.array();
            int length = decoded.limit();
            int colon = -1;
            for (int i = 0; i < length; i++) {
                if (pair[i] == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0) {
                throw broken(authority, "its auth is not user:password");
            }
            Credentials credentials = credentials(new String(pair, 0, colon),
                    Arrays.copyOfRange(pair, colon + 1, length), authority);
            Arrays.fill(pair, '\0');
            return credentials;
        } catch (CharacterCodingException e) {
            throw broken(authority, "its auth is not UTF-8");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private Credentials credentials(String username, char[] password, String authority) throws OciException {
        try {
            return new Credentials(username, password);
        } catch (IllegalArgumentException e) {
            throw broken(authority, "its user name is empty or holds a control character");
        }
    }

    private OciException broken(String authority, String why) {
        return new OciException(OciException.Kind.UNSUPPORTED, "the credentials for " + authority + " in " + source
                + " cannot be used: " + why);
    }

    /**
     * The credentials for a registry are kept where only Docker can use them: a credential helper or store, or an
     * identity token. From the default config.json that registry is asked anonymously; a broken file is not this.
     */
    public static final class KeptByDocker extends OciException {
        KeptByDocker(String what) {
            super(Kind.UNSUPPORTED, what + " is not supported; use --username and --password-stdin, or an auths entry"
                    + " with user:password");
        }
    }

    private static OciException unsupported(String what) {
        return new KeptByDocker(what);
    }
}
