package org.vhdboot.oci;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A user name and password (or token) for a registry. The password never appears in {@link #toString()}, and
 * is only ever sent to the registry's own host or to the token realm it names.
 */
public final class Credentials {
    private final String username;
    private final char[] password;

    public Credentials(String username, char[] password) {
        if (username == null || username.isEmpty() || username.indexOf(':') >= 0
                || username.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a user name is not empty and has no colon or control character");
        }
        if (password == null) {
            throw new IllegalArgumentException("a password is required");
        }
        this.username = username;
        this.password = password.clone();
    }

    public String username() {
        return username;
    }

    /** The value of an {@code Authorization: Basic} header. */
    String basicAuthorization() {
        CharBuffer pair = CharBuffer.allocate(username.length() + 1 + password.length);
        pair.put(username).put(':').put(password).flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(pair);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        String header = "Basic " + Base64.getEncoder().encodeToString(raw);
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(pair.array(), '\0');
        return header;
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=(hidden)]";
    }
}
