package org.vhdboot.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A registry that misbehaves on purpose, on loopback: the client must answer each case with a one-line
 * failure, bounded memory and bounded time, never a hang.
 */
class HostileRegistryTest {
    private static final Digest BLOB = Digest.of("the real blob".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path temp;

    private HttpServer server;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Duration> waits = new ArrayList<>();
    private volatile Behaviour behaviour;

    private interface Behaviour {
        void answer(HttpExchange exchange) throws Exception;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                behaviour.answer(exchange);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        server.start();
    }

    @AfterEach
    void shutdown() {
        stop.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private ArtifactStore store() throws Exception {
        return store(Duration.ofSeconds(20));
    }

    /** Short waits only where a test is about them: elsewhere a loaded machine must not cause a retry. */
    private ArtifactStore store(Duration wait) throws Exception {
        return store(wait, wait);
    }

    private ArtifactStore store(Duration response, Duration idle) throws Exception {
        TransportOptions options = TransportOptions.defaults()
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withTimeouts(Duration.ofSeconds(20), response, idle)
                .withRetry(RetryPolicy.defaults().withSleeper(waits::add));
        return ArtifactStore.open(OciReference.parse("oci://127.0.0.1:" + server.getAddress().getPort() + "/lab/x:v1"), options);
    }

    /** Timeouts far longer than the test, and a session that may take {@code budget} in all. */
    private ArtifactStore storeWithBudget(Duration budget) throws Exception {
        TransportOptions options = TransportOptions.defaults()
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20))
                .withRetry(RetryPolicy.defaults().withSleeper(waits::add))
                .withTimeBudget(budget);
        return ArtifactStore.open(OciReference.parse("oci://127.0.0.1:" + server.getAddress().getPort() + "/lab/x:v1"), options);
    }

    /** A body of {@code length} bytes, one every 20 ms: never silent for long, never done soon. */
    private Behaviour dripping(int length) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", ImageManifest.MEDIA_TYPE);
            exchange.sendResponseHeaders(200, length);
            for (int i = 0; i < length && !stop.await(20, TimeUnit.MILLISECONDS); i++) {
                exchange.getResponseBody().write('x');
                exchange.getResponseBody().flush();
            }
        };
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    private OciException failureOf(Execution execution) {
        return assertThrows(OciException.class, execution::run);
    }

    private interface Execution {
        void run() throws Exception;
    }

    @Test
    void anOversizedManifestIsRefusedWithoutReadingItAll() throws Exception {
        behaviour = exchange -> send(exchange, 200, ImageManifest.MEDIA_TYPE, new byte[ImageManifest.MAX_BYTES + 10]);
        try (ArtifactStore store = store()) {
            OciException failure = failureOf(() -> store.resolve("v1"));
            assertEquals(OciException.Kind.PROTOCOL, failure.kind());
            assertTrue(failure.getMessage().contains("larger than"), failure.getMessage());
        }
    }

    @Test
    void aServerThatGoesSilentMidBodyIsGivenUpOnAfterTheIdleTimeout() throws Exception {
        behaviour = exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            stop.await(30, TimeUnit.SECONDS);
        };
        // Headers in time (a loaded machine may take a while to answer a retry), then silence mid-body.
        try (ArtifactStore store = store(Duration.ofSeconds(20), Duration.ofMillis(200))) {
            OciException manifest = failureOf(() -> store.resolve("v1"));
            assertEquals(OciException.Kind.UNREACHABLE, manifest.kind());
            OciException blob = failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 1000), temp.resolve("p"),
                    TransferListener.NONE));
            assertEquals(OciException.Kind.UNREACHABLE, blob.kind());
            assertTrue(blob.getMessage().contains("no data"), blob.getMessage());
        }
    }

    /** A byte now and then, never a silence as long as the idle timeout: without a floor on the rate, a hang. */
    @Test
    void aServerThatDripsItsBodyIsGivenUpOnLikeASilentOne() throws Exception {
        behaviour = dripping(200);
        try (ArtifactStore store = store(Duration.ofSeconds(20), Duration.ofMillis(300))) {
            OciException manifest = failureOf(() -> store.resolve("v1"));
            assertEquals(OciException.Kind.UNREACHABLE, manifest.kind(), manifest.getMessage());
            assertTrue(manifest.getMessage().contains("too slow"), manifest.getMessage());
            waits.clear();
            OciException blob = failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 200), temp.resolve("p"),
                    TransferListener.NONE));
            assertEquals(OciException.Kind.UNREACHABLE, blob.kind(), blob.getMessage());
            assertEquals(4, waits.size(), "five attempts, each given up on: " + waits);
        }
    }

    /**
     * The agent's night: a registry dripping just inside every timeout (here, a byte per 20 ms against timeouts of 20
     * s, for 8 s a request) or never answering is left when the session's time budget runs out, not after the
     * timeouts and five attempts; what a download brought is kept for the next run.
     */
    @Test
    void aRegistryAnsweringInsideEveryTimeoutIsLeftWhenTheTimeBudgetRunsOut() throws Exception {
        behaviour = dripping(400);
        long started = System.nanoTime();
        try (ArtifactStore store = storeWithBudget(Duration.ofSeconds(1))) {
            OciException manifest = failureOf(() -> store.resolve("v1"));
            assertEquals(OciException.Kind.UNREACHABLE, manifest.kind(), manifest.getMessage());
            assertTrue(manifest.getMessage().endsWith("the 1000 ms this run may spend on it ran out; what arrived is"
                    + " kept for the next run"), manifest.getMessage());
            // Spent: nothing more is asked of the registry.
            assertTrue(failureOf(() -> store.blobSize(BLOB)).getMessage().contains("ran out"));
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);

        Path part = temp.resolve("budget.part");
        try (ArtifactStore store = storeWithBudget(Duration.ofSeconds(1))) {
            OciException blob = failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 400), part,
                    TransferListener.NONE));
            assertEquals(OciException.Kind.UNREACHABLE, blob.kind(), blob.getMessage());
            assertTrue(blob.getMessage().contains("ran out"), blob.getMessage());
        }
        assertTrue(Files.size(part) > 0 && Files.size(part) < 400, "the bytes that arrived are kept");

        behaviour = exchange -> stop.await(30, TimeUnit.SECONDS);
        started = System.nanoTime();
        try (ArtifactStore store = storeWithBudget(Duration.ofSeconds(1))) {
            OciException silent = failureOf(() -> store.resolve("v1"));
            assertTrue(silent.getMessage().contains("ran out"), silent.getMessage());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
    }

    /**
     * The agent's budget is what is left of its night when the store opens, a little under 2 h: the message names the
     * night as the documentation does ("the 2 h"), not "the 7199987 ms".
     */
    @Test
    void aSpentBudgetIsNamedInWholeMinutesOrHours() {
        assertTrue(TimeBudget.startingNow(Duration.ofHours(2).minusMillis(13), "registry.example").exceeded()
                .getMessage().startsWith("registry.example was still being waited for when the 2 h this run may spend"
                        + " on it ran out"));
        assertTrue(TimeBudget.startingNow(Duration.ofMinutes(90).minusMillis(400), "r").exceeded().getMessage()
                .contains(" the 90 min "));
    }

    /** A budget beyond what nanoseconds can count is no bound at all, not a failure to open the store. */
    @Test
    void aBudgetLongerThanCenturiesIsNoBound() throws Exception {
        behaviour = exchange -> send(exchange, 404, null, new byte[0]);
        try (ArtifactStore store = storeWithBudget(Duration.ofDays(400 * 366))) {
            assertEquals(java.util.Optional.empty(), store.blobSize(BLOB));
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsRetriedABoundedNumberOfTimes() throws Exception {
        behaviour = exchange -> stop.await(30, TimeUnit.SECONDS);
        try (ArtifactStore store = store(Duration.ofMillis(200))) {
            assertEquals(OciException.Kind.UNREACHABLE, failureOf(() -> store.resolve("v1")).kind());
        }
        assertEquals(4, waits.size());
    }

    @Test
    void redirectLoopsAndDowngradesAreRefused() throws Exception {
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Location", "/v2/lab/x/blobs/" + BLOB + "?again");
            exchange.sendResponseHeaders(307, -1);
        };
        try (ArtifactStore store = store()) {
            OciException loop = failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 13), temp.resolve("p"),
                    TransferListener.NONE));
            assertEquals(OciException.Kind.PROTOCOL, loop.kind());
            assertTrue(loop.getMessage().contains("redirected more than"), loop.getMessage());
        }
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Location", "file:///etc/passwd");
            exchange.sendResponseHeaders(302, -1);
        };
        try (ArtifactStore store = store()) {
            assertEquals(OciException.Kind.PROTOCOL, failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 13),
                    temp.resolve("p"), TransferListener.NONE)).kind());
        }
    }

    /**
     * {@code --insecure} allows plain HTTP to the loopback registry only: a redirect (a man in the middle, or the
     * registry) to plain HTTP on another host, or to another scheme, is refused before any connection is made.
     */
    @Test
    void aRedirectFromALoopbackRegistryToPlainHttpElsewhereIsRefused() throws Exception {
        for (String location : List.of("http://blob-storage.invalid/x", "HTTP://blob-storage.invalid:80/x",
                "//blob-storage.invalid/x", "ftp://127.0.0.1/x", "jar:file:///x!/y", "\\\\server\\share\\x")) {
            behaviour = exchange -> {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(307, -1);
            };
            try (ArtifactStore store = store()) {
                OciException refused = failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 13),
                        temp.resolve("p"), TransferListener.NONE));
                assertEquals(OciException.Kind.PROTOCOL, refused.kind(), location + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void aManifestThatDoesNotMatchItsDigestHeaderOrTypeIsRefused() throws Exception {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Docker-Content-Digest", "sha256:" + "0".repeat(64));
            send(exchange, 200, ImageManifest.MEDIA_TYPE, json);
        };
        try (ArtifactStore store = store()) {
            assertEquals(OciException.Kind.INTEGRITY, failureOf(() -> store.resolve("v1")).kind());
        }
        behaviour = exchange -> send(exchange, 200, "application/vnd.docker.distribution.manifest.v1+prettyjws", json);
        try (ArtifactStore store = store()) {
            assertEquals(OciException.Kind.PROTOCOL, failureOf(() -> store.resolve("v1")).kind());
        }
    }

    @Test
    void aBlobLongerThanItsDescriptorIsCutOffAndItsPartDeleted() throws Exception {
        behaviour = exchange -> send(exchange, 200, "application/octet-stream", new byte[1 << 20]);
        Path part = temp.resolve("p");
        try (ArtifactStore store = store()) {
            OciException failure = failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 13), part, TransferListener.NONE));
            assertEquals(OciException.Kind.INTEGRITY, failure.kind());
        }
        assertFalse(Files.exists(part));
    }

    @Test
    void aServerThatDripsAByteAndHangsUpEveryTimeIsGivenUpOn() throws Exception {
        behaviour = exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestHeaders().containsKey("Range") ? 206 : 200, 1 << 20);
            exchange.getResponseHeaders().set("Content-Range", "bytes 0-1048575/1048576");
            exchange.getResponseBody().write(1);
            exchange.getResponseBody().flush();
            throw new IOException("hang up");
        };
        try (ArtifactStore store = store()) {
            OciException failure = failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 1 << 20), temp.resolve("p"),
                    TransferListener.NONE));
            assertEquals(OciException.Kind.UNREACHABLE, failure.kind());
        }
        // Four waits between the five download attempts, plus any a request itself retried when the hang-up
        // came before the headers: bounded either way.
        assertTrue(waits.size() >= 4 && waits.size() <= 4 + 5 * 4, waits.toString());
    }

    @Test
    void aServerAnsweringRangesWithTheWrongRangeIsGivenUpOn() throws Exception {
        Files.write(temp.resolve("p"), new byte[5]);
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("Content-Range", "bytes 7-12/13");
            send(exchange, 206, "application/octet-stream", new byte[13]);
        };
        try (ArtifactStore store = store()) {
            assertEquals(OciException.Kind.UNREACHABLE, failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 13),
                    temp.resolve("p"), TransferListener.NONE)).kind());
        }
    }

    @Test
    void credentialsAreNeverSentToATokenRealmWithoutHttps() throws Exception {
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://collector.example/token\",service=\"x\"");
            exchange.sendResponseHeaders(401, -1);
        };
        TransportOptions options = TransportOptions.defaults().withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withCredentials(new Credentials("u", "pw".toCharArray()));
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci://127.0.0.1:" + server.getAddress().getPort()
                + "/lab/x:v1"), options)) {
            OciException failure = failureOf(() -> store.resolve("v1"));
            assertEquals(OciException.Kind.PROTOCOL, failure.kind());
            assertTrue(failure.getMessage().contains("without HTTPS"), failure.getMessage());
        }
    }

    /** A registry without TLS asked over HTTPS: the hint is --insecure, not a CA certificate it could never use. */
    @Test
    void aPlainHttpRegistryAskedOverHttpsPointsToInsecureNotToACaCertificate() throws Exception {
        try (var plain = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                // Answers whatever arrives, a TLS handshake included, as a plain-HTTP server does.
                while (!plain.isClosed()) {
                    try (java.net.Socket client = plain.accept()) {
                        client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            TransportOptions options = TransportOptions.defaults()
                    .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20))
                    .withRetry(RetryPolicy.defaults().withSleeper(waits::add));
            try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci://127.0.0.1:" + plain.getLocalPort()
                    + "/lab/x:v1"), options)) {
                OciException failure = failureOf(() -> store.resolve("v1"));
                assertEquals(OciException.Kind.UNREACHABLE, failure.kind());
                assertEquals("cannot reach 127.0.0.1:" + plain.getLocalPort() + ": it answers in plain HTTP, not HTTPS;"
                        + " add --insecure for a registry on loopback without TLS (--insecure=any-host on a closed lab"
                        + " network)", failure.getMessage());
            }
        }
    }

    /** A token service that is down fails as the registry side unreachable (exit 11), named, never as local I/O. */
    @Test
    void aTokenServiceThatIsDownIsUnreachableNotALocalFailure() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // closed again: nothing listens there
        }
        behaviour = exchange -> {
            exchange.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer realm=\"http://127.0.0.1:" + closedPort + "/token\",service=\"x\"");
            exchange.sendResponseHeaders(401, -1);
        };
        try (ArtifactStore store = store()) {
            OciException failure = failureOf(() -> store.resolve("v1"));
            assertEquals(OciException.Kind.UNREACHABLE, failure.kind());
            assertEquals("cannot reach the token service of 127.0.0.1:" + server.getAddress().getPort() + " at '127.0.0.1:"
                    + closedPort + "': connection refused or unreachable", failure.getMessage());
        }
    }

    /**
     * Windows' own schemes (Negotiate, NTLM) are not answered: HttpURLConnection, which downloads go through, could
     * otherwise offer the machine's Kerberos or NTLM credentials (the agent runs as SYSTEM) to whoever asks. What
     * only a domain-joined machine can show is docs/windows-validation.md, step 18.9.
     */
    @Test
    void aChallengeForWindowsCredentialsIsRefusedAndNothingIsOffered() throws Exception {
        java.util.List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        behaviour = exchange -> {
            authorizations.addAll(exchange.getRequestHeaders().getOrDefault("Authorization", java.util.List.of()));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
            exchange.getResponseHeaders().add("WWW-Authenticate", "NTLM");
            exchange.sendResponseHeaders(401, -1);
        };
        try (ArtifactStore store = store()) {
            OciException manifest = failureOf(() -> store.resolve("v1"));
            assertEquals(OciException.Kind.UNAUTHORIZED, manifest.kind());
            assertTrue(manifest.getMessage().endsWith("named no supported authentication (Basic or Bearer)"),
                    manifest.getMessage());
            assertEquals(OciException.Kind.UNAUTHORIZED, failureOf(() -> store.fetchBlob(Descriptor.of("a/b", BLOB, 13),
                    temp.resolve("p"), TransferListener.NONE)).kind());
        }
        assertEquals(java.util.List.of(), authorizations);
    }

    @Test
    void plainHttpIsForLoopbackUnlessExplicitlyOptedIn() {
        assertFalse(RegistryHttp.allowsPlainHttp(TransportOptions.PlainHttp.NEVER, true));
        assertTrue(RegistryHttp.allowsPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY, true));
        assertFalse(RegistryHttp.allowsPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY, false));
        assertTrue(RegistryHttp.allowsPlainHttp(TransportOptions.PlainHttp.ANY_HOST, false));
    }
}
