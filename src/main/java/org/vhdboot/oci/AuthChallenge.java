package org.vhdboot.oci;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme ({@code basic} or {@code bearer}, lower-cased)
 * and its parameters, e.g. {@code Bearer realm="https://auth/token",service="registry",scope="repository:r:pull"}.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {
    static final int MAX_HEADER = 8192;

    String parameter(String name) {
        return parameters.get(name);
    }

    /** The first Bearer challenge among the headers, else the first Basic one. */
    static Optional<AuthChallenge> choose(List<String> headers) {
        AuthChallenge basic = null;
        for (String header : headers) {
            Optional<AuthChallenge> parsed = parse(header);
            if (parsed.isPresent() && parsed.get().scheme.equals("bearer")) {
                return parsed;
            }
            if (parsed.isPresent() && parsed.get().scheme.equals("basic") && basic == null) {
                basic = parsed.get();
            }
        }
        return Optional.ofNullable(basic);
    }

    /** Parses one challenge; a malformed or oversized header gives empty rather than a guess. */
    static Optional<AuthChallenge> parse(String header) {
        if (header == null || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String text = header.trim();
        int space = text.indexOf(' ');
        String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = space < 0 ? text.length() : space + 1;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
                i++;
            }
            int equals = text.indexOf('=', i);
            if (i >= text.length() || equals < 0) {
                break;
            }
            String name = text.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            i = equals + 1;
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    return Optional.empty();
                }
                i++;
            } else {
                while (i < text.length() && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            parameters.putIfAbsent(name, value.toString().trim());
        }
        return Optional.of(new AuthChallenge(scheme, Map.copyOf(parameters)));
    }
}
