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
    static final String HIDDEN = "(hidden)";

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

    /**
     * {@code text} with the password, and the {@code Authorization: Basic} value made of it, shown as
     * {@value #HIDDEN}: a registry may echo what it was sent in the error it answers.
     */
    String hiddenIn(String text) {
        String hidden = hide(text, basicAuthorization().substring("Basic ".length()));
        if (password.length == 0) {
            return hidden; // a config.json may hold an empty one: nothing to find, and no end to finding it
        }
        StringBuilder out = new StringBuilder(hidden.length());
        int from = 0;
        for (int at = indexOfPassword(hidden, 0); at >= 0; at = indexOfPassword(hidden, from)) {
            out.append(hidden, from, at).append(HIDDEN);
            from = at + password.length;
        }
        return out.append(hidden, from, hidden.length()).toString();
    }

    /** Where the password starts in {@code text} from {@code from} on, compared in place: no String copy of it. */
    private int indexOfPassword(String text, int from) {
        for (int at = from; at + password.length <= text.length(); at++) {
            int matched = 0;
            while (matched < password.length && text.charAt(at + matched) == password[matched]) {
                matched++;
            }
            if (matched == password.length) {
                return at;
            }
        }
        return -1;
    }

    static String hide(String text, String secret) {
        return secret.isEmpty() ? text : text.replace(secret, HIDDEN);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=(hidden)]";
    }
}
