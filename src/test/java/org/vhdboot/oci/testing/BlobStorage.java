package org.vhdboot.oci.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "Blob storage" on another loopback host (127.0.0.2), where a registry redirects blob downloads: serves the
 * registry's blobs with its own access, and records whether a client sent it an Authorization header.
 */
public final class BlobStorage implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client;
    private final URI registry;
    public final List<Boolean> authorizationSeen = new CopyOnWriteArrayList<>();

    public BlobStorage(URI registry, SSLContext trust) throws IOException {
        this.registry = registry;
        this.client = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 8);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.2:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizationSeen.add(exchange.getRequestHeaders().containsKey("Authorization"));
            HttpRequest.Builder request = HttpRequest.newBuilder(registry.resolve(exchange.getRequestURI().getRawPath()))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (TestRegistry.USER + ":" + TestRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8)));
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                request.header("Range", range);
            }
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
            response.headers().firstValue("Content-Range").ifPresent(v -> exchange.getResponseHeaders().set("Content-Range", v));
            exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length);
            try (InputStream body = response.body()) {
                body.transferTo(exchange.getResponseBody());
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
