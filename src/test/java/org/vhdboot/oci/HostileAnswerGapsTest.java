package org.vhdboot.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile answers the other registry tests left out: a challenge from blob storage a redirect led to, an upload
 * Location that leaves the registry's transport rules, an error echoing the secrets it was sent, and control
 * characters a registry puts in a manifest.
 */
class HostileAnswerGapsTest {
    private static final byte[] CONTENT = "the real blob".getBytes(StandardCharsets.UTF_8);
    private static final Digest BLOB = Digest.of(CONTENT);

    @TempDir
    Path temp;

    private final List<HttpServer> servers = new ArrayList<>();
    /** Every request any server saw: "PORT METHOD PATH auth=AUTHORIZATION". */
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    private interface Handler {
        void answer(HttpExchange exchange) throws IOException;
    }

    private HttpServer serve(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                seen.add(exchange.getLocalAddress().getPort() + " " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
                handler.answer(exchange);
            }
        });
        server.start();
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() {
        for (HttpServer server : servers) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private ArtifactStore store(HttpServer registry) throws Exception {
        TransportOptions options = TransportOptions.defaults()
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20))
                .withRetry(RetryPolicy.defaults().withSleeper(wait -> { }))
                .withCredentials(new Credentials("bob", "pa55word".toCharArray()));
        return ArtifactStore.open(OciReference.parse("oci://127.0.0.1:" + port(registry) + "/lab/x:v1"), options);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * The registry's blob is on storage of another origin, which answers with a challenge naming a token realm of its
     * choosing: answering it would send the user's password there. It is refused, and nothing goes to that realm.
     */
    @Test
    void aChallengeFromBlobStorageIsNotAnsweredWithTheRegistrysCredentials() throws Exception {
        HttpServer collector = serve(exchange -> send(exchange, 200, "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8)));
        HttpServer storage = serve(exchange -> {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + port(collector)
                    + "/token\",service=\"s\"");
            send(exchange, 401, new byte[0]);
        });
        HttpServer registry = serve(exchange -> {
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"r\"");
                send(exchange, 401, new byte[0]);
                return;
            }
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + port(storage) + "/blob");
            send(exchange, 307, new byte[0]);
        });
        try (ArtifactStore store = store(registry)) {
            OciException failure = assertThrows(OciException.class, () -> store.fetchBlob(
                    Descriptor.of("a/b", BLOB, CONTENT.length), temp.resolve("part"), TransferListener.NONE));
            assertEquals(OciException.Kind.UNAUTHORIZED, failure.kind());
            assertTrue(failure.getMessage().contains("refused access"), failure.getMessage());
        }
        assertTrue(seen.stream().noneMatch(line -> line.startsWith(port(collector) + " ")), seen.toString());
        assertTrue(seen.stream().filter(line -> line.startsWith(port(storage) + " "))
                .allMatch(line -> line.endsWith("auth=null")), seen.toString());
    }

    /**
     * An upload Location is where the layer goes: plain HTTP to a host plain HTTP is not allowed for, or another
     * scheme, is refused as a malformed answer (exit 11) before any connection, as a redirect would be.
     */
    @Test
    void anUploadLocationOutsideTheTransportRulesIsRefusedBeforeAnyConnection() throws Exception {
        for (String location : List.of("http://192.0.2.1/upload/1", "file:///tmp/upload", "ftp://127.0.0.1/upload")) {
            HttpServer registry = serve(exchange -> {
                if (exchange.getRequestMethod().equals("HEAD")) {
                    send(exchange, 404, new byte[0]);
                    return;
                }
                exchange.getResponseHeaders().set("Location", location);
                send(exchange, 202, new byte[0]);
            });
            try (ArtifactStore store = store(registry)) {
                OciException failure = assertThrows(OciException.class, () -> store.pushBlob(
                        Descriptor.of("a/b", BLOB, CONTENT.length), BlobSource.of(CONTENT), Optional.empty(),
                        TransferListener.NONE));
                assertEquals(OciException.Kind.PROTOCOL, failure.kind(), location);
                assertTrue(failure.getMessage().contains("upload Location"), failure.getMessage());
            }
        }
    }

    /**
     * A registry that echoes what it was sent in its error: the password, its Basic value and a bearer token never
     * reach the message (stderr, vhdboot.log and the Event Log print it), even cut at its 80 characters.
     */
    @Test
    void aRegistryEchoingTheSecretsItWasSentNeverGetsThemIntoAMessage() throws Exception {
        String token = "tok-" + "S3CRET".repeat(20);
        HttpServer tokens = serve(exchange -> send(exchange, 200, ("{\"token\":\"" + token + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        for (String scheme : List.of("Basic realm=\"r\"", "Bearer realm=\"http://127.0.0.1:" + port(tokens)
                + "/token\",service=\"s\"")) {
            HttpServer registry = serve(exchange -> {
                String sent = exchange.getRequestHeaders().getFirst("Authorization");
                if (sent == null) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", scheme);
                    send(exchange, 401, new byte[0]);
                    return;
                }
                String echo = sent.startsWith("Bearer ") ? sent.substring(7) + " expired" : "bad auth " + sent
                        + " for bob:pa55word";
                send(exchange, 400, ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + echo + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
            });
            try (ArtifactStore store = store(registry)) {
                OciException failure = assertThrows(OciException.class, () -> store.fetchBlob(
                        Descriptor.of("a/b", BLOB, CONTENT.length), temp.resolve("part"), TransferListener.NONE));
                String message = failure.getMessage();
                assertTrue(message.contains("DENIED: ") && message.contains("(hidden)"), message);
                for (String secret : List.of("pa55word", "Ym9iOnBhNTV3b3Jk", "tok-S3CRET")) {
                    assertFalse(message.contains(secret), message);
                }
            }
        }
    }

    /**
     * A token for a second set of scopes (a push after a pull-scoped request) is a secret too, and an empty password
     * from a config.json hides nothing but must not stop the error from being told.
     */
    @Test
    void everyTokenIsHiddenAndAnEmptyPasswordStillLetsTheErrorBeTold() throws Exception {
        java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer tokens = serve(exchange -> send(exchange, 200, ("{\"token\":\"tok" + issued.incrementAndGet()
                + "-SECRETSECRET\"}").getBytes(StandardCharsets.UTF_8)));
        HttpServer registry = serve(exchange -> {
            String sent = exchange.getRequestHeaders().getFirst("Authorization");
            if (sent == null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                        + port(tokens) + "/token\",service=\"s\"");
                send(exchange, 401, new byte[0]);
            } else if (exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 404, new byte[0]);
            } else {
                send(exchange, 400, ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + sent.substring(7)
                        + " is not allowed\"}]}").getBytes(StandardCharsets.UTF_8));
            }
        });
        TransportOptions options = TransportOptions.defaults()
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withRetry(RetryPolicy.defaults().withSleeper(wait -> { }))
                .withCredentials(new Credentials("bob", new char[0]));
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci://127.0.0.1:" + port(registry)
                + "/lab/x:v1"), options)) {
            assertEquals(Optional.empty(), store.blobSize(BLOB));
            OciException failure = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(OciException.class, () -> store.pushBlob(Descriptor.of("a/b", BLOB,
                            CONTENT.length), BlobSource.of(CONTENT), Optional.empty(), TransferListener.NONE)));
            assertTrue(issued.get() >= 2, "a token for the push scopes was fetched: " + issued.get());
            assertTrue(failure.getMessage().contains("DENIED: (hidden) is not allowed"), failure.getMessage());
            assertFalse(failure.getMessage().contains("SECRET"), failure.getMessage());
        }
    }

    /** A key given twice, which other readers may take the first of, is refused rather than read as the last. */
    @Test
    void aManifestGivingAKeyTwiceIsRefused() {
        byte[] manifest = ("{\"schemaVersion\": 2, \"mediaType\": \"" + ImageManifest.MEDIA_TYPE + "\", \"annotations\":"
                + " {\"org.vhdboot.version\": \"v1\", \"org.vhdboot.version\": \"x-dup\"}}").getBytes(StandardCharsets.UTF_8);
        OciException failure = assertThrows(OciException.class, () -> ImageManifest.parse(manifest));
        assertEquals(OciException.Kind.PROTOCOL, failure.kind());
        assertTrue(failure.getMessage().contains("Duplicate field 'org.vhdboot.version'"), failure.getMessage());
    }

    /**
     * A value that cannot be converted is named by its field, never quoted (Jackson quoted it, control characters
     * and all); where vhdboot's own check quotes it, the registry's control characters come out escaped.
     */
    @Test
    void controlCharactersOfAManifestNeverReachAMessage() {
        byte[] manifest = ("{\"schemaVersion\": \"2\\r\\u001b[2J\\u001bcFORGED\\u0007\", \"mediaType\": \""
                + ImageManifest.MEDIA_TYPE + "\"}").getBytes(StandardCharsets.UTF_8);
        OciException failure = assertThrows(OciException.class, () -> ImageManifest.parse(manifest));
        assertEquals(OciException.Kind.PROTOCOL, failure.kind());
        assertEquals("the manifest is not valid: schemaVersion holds a value of the wrong kind, or none",
                failure.getMessage());
        byte[] digest = ("{\"schemaVersion\": 2, \"mediaType\": \"" + ImageManifest.MEDIA_TYPE + "\", \"config\":"
                + " {\"mediaType\": \"a/b\", \"size\": 2, \"digest\": \"sha256:\\u001b[2J\"}}")
                .getBytes(StandardCharsets.UTF_8);
        OciException quoted = assertThrows(OciException.class, () -> ImageManifest.parse(digest));
        assertFalse(quoted.getMessage().codePoints().anyMatch(Character::isISOControl), quoted.getMessage());
        assertTrue(quoted.getMessage().contains("\\u001b"), quoted.getMessage());
    }
}
