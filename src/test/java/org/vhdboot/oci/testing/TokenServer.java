package org.vhdboot.oci.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal token service for Docker Distribution's {@code auth.token}: checks Basic credentials and issues an
 * RS256 JWT carrying the requested repository scopes, signed by a key whose certificate the registry trusts
 * (sent in the {@code x5c} header). HTTPS on loopback with the test CA's server certificate.
 */
public final class TokenServer implements AutoCloseable {
    public static final String ISSUER = "vhdboot-test-issuer";
    public static final String SERVICE = "vhdboot-test-registry";

    private final HttpsServer server;
    private final TestCertificates certificates;
    private final String expectedAuthorization;
    /** The scopes of every token request, for assertions. */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public TokenServer(TestCertificates certificates, String user, String password) throws Exception {
        this.certificates = certificates;
        this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
        server.createContext("/token", this::handle);
        server.start();
    }

    public String realm() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private void handle(HttpExchange exchange) throws java.io.IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            List<String> scopes = new ArrayList<>();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("scope=")) {
                        scopes.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                    }
                }
            }
            requests.add(String.join(" ", scopes));
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            if (!expectedAuthorization.equals(given)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = ("{\"token\":\"" + token(scopes) + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            throw new java.io.IOException(e);
        }
    }

    private String token(List<String> scopes) throws Exception {
        StringBuilder access = new StringBuilder();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            StringBuilder actions = new StringBuilder();
            for (String action : parts[2].split(",")) {
                actions.append(actions.length() == 0 ? "" : ",").append('"').append(action).append('"');
            }
            access.append(access.length() == 0 ? "" : ",").append("{\"type\":\"").append(parts[0])
                    .append("\",\"name\":\"").append(parts[1]).append("\",\"actions\":[").append(actions).append("]}");
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[\""
                + Base64.getEncoder().encodeToString(certificates.tokenCertificateObject().getEncoded()) + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"tester\",\"aud\":\"" + SERVICE + "\",\"exp\":" + (now + 300)
                + ",\"nbf\":" + (now - 60) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":["
                + access + "]}";
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(certificates.tokenKey());
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(signature.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
