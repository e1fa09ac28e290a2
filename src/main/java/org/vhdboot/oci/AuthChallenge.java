package org.vhdboot.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme ({@code basic} or {@code bearer}, lower-cased)
 * and its parameters, e.g. {@code Bearer realm="https://auth/token",service="registry",scope="repository:r:pull"}.
 * One header may carry several challenges separated by commas, and a registry may send several headers.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {
    static final int MAX_HEADER = 8192;
    private static final String TOKEN_CHARACTERS = "!#$%&'*+-.^_`|~";

    String parameter(String name) {
        return parameters.get(name);
    }

    /** The first Bearer challenge among the headers, whatever comes before it, else the first Basic one. */
    static Optional<AuthChallenge> choose(List<String> headers) {
        AuthChallenge basic = null;
        for (String header : headers) {
            for (AuthChallenge challenge : parseAll(header)) {
                if (challenge.scheme.equals("bearer")) {
                    return Optional.of(challenge);
                }
                if (challenge.scheme.equals("basic") && basic == null) {
                    basic = challenge;
                }
            }
        }
        return Optional.ofNullable(basic);
    }

    /** The first challenge of one header; a malformed or oversized header gives empty rather than a guess. */
    static Optional<AuthChallenge> parse(String header) {
        return parseAll(header).stream().findFirst();
    }

    /**
     * Every challenge of one header, in order. After a comma, a token followed by {@code =} is another parameter of
     * the challenge before it; any other token starts a new challenge. A malformed or oversized header gives none.
     */
    static List<AuthChallenge> parseAll(String header) {
        if (header == null || header.length() > MAX_HEADER) {
            return List.of();
        }
        List<AuthChallenge> challenges = new ArrayList<>();
        String scheme = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = 0;
        int length = header.length();
        while (true) {
            i = skip(header, i, " \t,");
            if (i >= length) {
                break;
            }
            int end = tokenEnd(header, i);
            if (end == i) {
                return List.of();
            }
            String token = header.substring(i, end).toLowerCase(Locale.ROOT);
            int next = skip(header, end, " \t");
            if (next < length && header.charAt(next) == '=' && scheme != null) {
                StringBuilder value = new StringBuilder();
                i = readValue(header, skip(header, next + 1, " \t"), value);
                if (i < 0) {
                    return List.of();
                }
                parameters.putIfAbsent(token, value.toString().trim());
            } else if (next < length && header.charAt(next) == '=') {
                return List.of(); // a parameter before any scheme
            } else {
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, Map.copyOf(parameters)));
                }
                scheme = token;
                parameters = new LinkedHashMap<>();
                i = next;
            }
        }
        if (scheme != null) {
            challenges.add(new AuthChallenge(scheme, Map.copyOf(parameters)));
        }
        return List.copyOf(challenges);
    }

    /** Reads a quoted string or a token into {@code value}; returns where it ends, or -1 for an unclosed quote. */
    private static int readValue(String text, int i, StringBuilder value) {
        if (i < text.length() && text.charAt(i) == '"') {
            i++;
            while (i < text.length() && text.charAt(i) != '"') {
                if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                    i++;
                }
                value.append(text.charAt(i++));
            }
            return i < text.length() ? i + 1 : -1;
        }
        while (i < text.length() && text.charAt(i) != ',') {
            value.append(text.charAt(i++));
        }
        return i;
    }

    private static int skip(String text, int i, String characters) {
        while (i < text.length() && characters.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || TOKEN_CHARACTERS.indexOf(c) >= 0))) {
                break;
            }
            i++;
        }
        return i;
    }
}
