package org.vhdboot.oci.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Docker Distribution ({@code docker-registry}) on 127.0.0.1, a free port, with TLS from the test CA
 * and either htpasswd or token authentication. Stopped by {@link #close()}.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String USER = "tester";
    public static final String PASSWORD = "s3cret-Pa55word";

    private final Process process;
    private final int port;
    private final Path folder;
    private final TokenServer tokens;

    private TestRegistry(Process process, int port, Path folder, TokenServer tokens) {
        this.process = process;
        this.port = port;
        this.folder = folder;
        this.tokens = tokens;
    }

    /** htpasswd auth over TLS. */
    public static TestRegistry withBasicAuth(Path folder, TestCertificates certificates) throws Exception {
        RequiredTool.HTPASSWD.require();
        Files.writeString(folder.resolve("htpasswd"), RequiredTool.HTPASSWD.run(folder, "-Bbn", USER, PASSWORD));
        String auth = "auth:\n  htpasswd:\n    realm: vhdboot-test\n    path: " + folder.resolve("htpasswd") + "\n";
        return start(folder, certificates, auth, null);
    }

    /** Bearer tokens from an in-test token server over TLS. */
    public static TestRegistry withTokenAuth(Path folder, TestCertificates certificates) throws Exception {
        TokenServer tokens = new TokenServer(certificates, USER, PASSWORD);
        String auth = "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TokenServer.SERVICE
                + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: " + certificates.tokenCertificate() + "\n";
        return start(folder, certificates, auth, tokens);
    }

    private static TestRegistry start(Path folder, TestCertificates certificates, String auth, TokenServer tokens)
            throws Exception {
        RequiredTool.DOCKER_REGISTRY.require();
        int port = freePort();
        Files.createDirectories(folder.resolve("storage"));
        String config = "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + folder.resolve("storage") + "\n"
                + "  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: vhdboot-test-secret\n"
                + "  tls:\n    certificate: " + certificates.serverCertificate() + "\n    key: " + certificates.serverKey() + "\n"
                + auth;
        Path file = folder.resolve("config.yml");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(RequiredTool.DOCKER_REGISTRY.path(), "serve", file.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("registry.log").toFile()).start();
        TestRegistry registry = new TestRegistry(process, port, folder, tokens);
        registry.awaitListening();
        return registry;
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(folder.resolve("registry.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        close();
        throw new IllegalStateException("docker-registry did not listen on " + port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String authority() {
        return "127.0.0.1:" + port;
    }

    public TokenServer tokens() {
        return tokens;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tokens != null) {
            tokens.close();
        }
    }
}
