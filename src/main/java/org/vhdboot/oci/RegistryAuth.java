package org.vhdboot.oci;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's challenges as the distribution spec describes: Basic with the credentials, or a
 * Bearer token from the realm the challenge names, for the scopes the request needs (plus the challenge's).
 * Tokens are cached per scope set and never leave this object except as a header to the registry's origin.
 */
final class RegistryAuth {
    static final int MAX_TOKEN_RESPONSE = 1 << 20;
    static final int MAX_TOKEN = 16 << 10;

    private final RegistryHttp http;
    private final Credentials credentials;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile String basic;
    private volatile AuthChallenge bearer;

    RegistryAuth(RegistryHttp http, Credentials credentials) {
        this.http = http;
        this.credentials = credentials;
    }

    /** The Authorization value to send now for these scopes, if a challenge was already answered. */
    Optional<String> authorization(Set<String> scopes) throws IOException {
        if (bearer != null) {
            String token = tokens.get(key(scopes));
            if (token == null) {
                token = fetchToken(bearer, scopes);
                tokens.put(key(scopes), token); // kept for the next request, and so hideSecrets knows it
            }
            return Optional.of("Bearer " + token);
        }
        return Optional.ofNullable(basic);
    }

    /** Takes a 401's challenges into account, so that the next attempt carries credentials. */
    void answer(List<String> challengeHeaders, Set<String> scopes) throws IOException {
        AuthChallenge challenge = AuthChallenge.choose(challengeHeaders).orElseThrow(() ->
                new OciException(OciException.Kind.UNAUTHORIZED, http.authority()
                        + " refused access and named no supported authentication (Basic or Bearer)"));
        if (challenge.scheme().equals("basic")) {
            if (credentials == null) {
                throw new OciException(OciException.Kind.UNAUTHORIZED, http.authority()
                        + " requires credentials (a user name and password, or a config.json entry)"
                        + http.whyNoCredentials());
            }
            basic = credentials.basicAuthorization();
            return;
        }
        Set<String> wanted = new TreeSet<>(scopes);
        String challenged = challenge.parameter("scope");
        if (challenged != null && !challenged.isEmpty()) {
            wanted.addAll(List.of(challenged.split(" ")));
        }
        bearer = challenge;
        tokens.put(key(scopes), fetchToken(challenge, wanted));
    }

    private String fetchToken(AuthChallenge challenge, Set<String> scopes) throws IOException {
        URI realm = realm(challenge);
        StringBuilder query = new StringBuilder();
        String service = challenge.parameter("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        for (String scope : scopes) {
            query.append(query.length() == 0 ? "" : "&").append("scope=")
                    .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.getRawQuery() == null ? "?" : "&") + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(http.responseTimeout()).GET();
        if (credentials != null) {
            request.header("Authorization", credentials.basicAuthorization());
        }
        HttpResponse<BodyStream> response;
        try {
            response = http.send(request.build());
        } catch (IOException e) {
            // A token service that is down is the registry's failure, not this machine's I/O.
            throw http.unreachable("the token service of " + http.authority() + " at "
                    + Printable.of(realm.getHost() + (realm.getPort() < 0 ? "" : ":" + realm.getPort())), e);
        }
        try (BodyStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new OciException(OciException.Kind.UNAUTHORIZED, "the token service of " + http.authority()
                        + " refused " + (credentials == null ? "anonymous access" : "the credentials of "
                        + credentials.username()) + " for " + String.join(" ", scopes));
            }
            if (status != 200) {
                throw new OciException(OciException.Kind.UNREACHABLE, "the token service of " + http.authority()
                        + " answered HTTP " + status);
            }
            return tokenOf(body.readAll(MAX_TOKEN_RESPONSE, "the token response"));
        }
    }

    private URI realm(AuthChallenge challenge) throws OciException {
        String realm = challenge.parameter("realm");
        URI uri;
        try {
            uri = realm == null ? null : new URI(realm);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null) {
            throw new OciException(OciException.Kind.PROTOCOL, http.authority() + " named no usable token realm");
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && http.mayUsePlainHttp(uri))) {
            throw new OciException(OciException.Kind.PROTOCOL, http.authority()
                    + " named a token realm without HTTPS; credentials are not sent there");
        }
        return uri;
    }

    /** The token a token service answered, checked: printable ASCII of bounded length. */
    static String tokenOf(byte[] json) throws OciException {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = OciJson.tree(json);
        } catch (IOException e) {
            throw new OciException(OciException.Kind.PROTOCOL, "the token response is not JSON");
        }
        String token = root == null ? null : root.path("token").asText(root.path("access_token").asText(null));
        if (token == null || token.isEmpty()) {
            token = root == null ? null : root.path("access_token").asText(null);
        }
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN || !token.matches("[\\x21-\\x7e]+")) {
            throw new OciException(OciException.Kind.PROTOCOL, "the token response holds no usable token");
        }
        return token;
    }

    /** {@code text} with every secret of this session hidden: the password, its Basic value, the tokens. */
    String hideSecrets(String text) {
        // Tokens first: they are the longest, and a short password inside one must not leave the rest showing.
        String hidden = text;
        for (String token : tokens.values()) {
            hidden = Credentials.hide(hidden, token);
        }
        return credentials == null ? hidden : credentials.hiddenIn(hidden);
    }

    private static String key(Set<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }
}
