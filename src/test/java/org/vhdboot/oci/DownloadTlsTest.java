package org.vhdboot.oci;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.oci.testing.TestCertificates;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET and HEAD over HTTPS through HttpURLConnection check what the JDK client checked: the certificate must name the
 * host (the test certificate names 127.0.0.1 and localhost, not 127.0.0.2), and the --ca-cert context applies to a
 * redirect to another HTTPS host as well.
 */
class DownloadTlsTest {
    @TempDir
    static Path folder;
    private static TestCertificates certificates;
    private static HttpsServer registry;
    private static HttpsServer storage;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(folder);
        registry = serve("127.0.0.1");
        storage = serve("127.0.0.2");
        registry.createContext("/v2/lab/x/blobs/", exchange -> {
            try (exchange) {
                // ?to=host:port: a redirect to another origin.
                String to = exchange.getRequestURI().getQuery().substring("to=".length());
                exchange.getResponseHeaders().set("Location", "https://" + to + "/blob");
                exchange.sendResponseHeaders(307, -1);
            }
        });
        for (HttpsServer server : new HttpsServer[] {registry, storage}) {
            server.createContext("/blob", exchange -> {
                try (exchange) {
                    byte[] body = "the blob".getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
        }
    }

    private static HttpsServer serve(String host) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(host, 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
        return server;
    }

    @AfterAll
    static void stop() {
        registry.stop(0);
        storage.stop(0);
    }

    private static RegistryHttp client(boolean withCa) throws Exception {
        return client(withCa ? certificates.caCertificate() : null);
    }

    private static RegistryHttp client(Path caCertificate) throws Exception {
        TransportOptions options = TransportOptions.defaults()
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20))
                .withRetry(RetryPolicy.defaults().withSleeper(wait -> { }))
                .withCaCertificate(caCertificate);
        return new RegistryHttp((RegistryReference) OciReference.parse("oci://127.0.0.1:"
                + registry.getAddress().getPort() + "/lab/x:v1"), options);
    }

    private static String get(RegistryHttp http, String path) throws IOException {
        HttpResponse<BodyStream> response = http.send(RegistryHttp.Call.get(http.resolve(path), Map.of(), Set.of()));
        try (BodyStream body = response.body()) {
            assertEquals(200, response.statusCode());
            return new String(body.readAll(1000, "the blob"), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void theRegistrysOwnCaGivenWithCaCertIsTrustedAndWithoutItTheRegistryIsRefused() throws Exception {
        RegistryHttp trusting = client(true);
        assertEquals("the blob", get(trusting, "/blob"));
        trusting.close();
        RegistryHttp untrusting = client(false);
        OciException refused = assertThrows(OciException.class, () -> get(untrusting, "/blob"));
        assertTrue(refused.getMessage().contains("TLS failed"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; give the registry's CA certificate with --ca-cert if it has its own"
                + " CA"), refused.getMessage());
        untrusting.close();
    }

    @Test
    void aCaCertificateThatDidNotSignTheRegistrysIsNamedAsSuch(@TempDir Path elsewhere) throws Exception {
        Path otherCa = TestCertificates.create(elsewhere).caCertificate();
        RegistryHttp http = client(otherCa);
        OciException refused = assertThrows(OciException.class, () -> get(http, "/blob"));
        assertTrue(refused.getMessage().endsWith("; neither the system's CAs nor those in " + otherCa
                + " signed its certificate"), refused.getMessage());
        http.close();
    }

    @Test
    void aRedirectToAnotherHttpsHostIsCheckedAgainstTheSameCa() throws Exception {
        RegistryHttp http = client(true);
        // The registry itself under its other name: another origin, with a certificate for it.
        assertEquals("the blob", get(http, "/v2/lab/x/blobs/sha256:1?to=localhost:" + registry.getAddress().getPort()));
        http.close();
    }

    @Test
    void aCertificateForAnotherNameIsRefusedEvenFromTheTrustedCa() throws Exception {
        RegistryHttp http = client(true);
        OciException refused = assertThrows(OciException.class,
                () -> get(http, "/v2/lab/x/blobs/sha256:1?to=127.0.0.2:" + storage.getAddress().getPort()));
        assertEquals(OciException.Kind.UNREACHABLE, refused.kind());
        assertTrue(refused.getMessage().contains("TLS failed"), refused.getMessage());
        // The CA given did sign it: no hint about the CA, the reason names the host.
        assertTrue(refused.getMessage().endsWith(")"), refused.getMessage());
        OciException withUser = assertThrows(OciException.class, () -> get(http,
                "/v2/lab/x/blobs/sha256:1?to=lab:s3cret@127.0.0.2:" + storage.getAddress().getPort()));
        assertTrue(!withUser.getMessage().contains("s3cret") && withUser.getMessage().startsWith("cannot reach 127.0.0.2:"),
                "a Location's user:password@ is not shown: " + withUser.getMessage());
        // Said of the storage the redirect led to, not of the registry, which answered well.
        assertTrue(refused.getMessage().startsWith("cannot reach 127.0.0.2:" + storage.getAddress().getPort()
                + " (where 127.0.0.1:" + registry.getAddress().getPort() + " redirected): TLS failed"),
                refused.getMessage());
        http.close();
    }
}
