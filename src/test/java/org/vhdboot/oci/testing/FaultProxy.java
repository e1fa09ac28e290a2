package org.vhdboot.oci.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A plain-HTTP reverse proxy on 127.0.0.1 in front of a real registry, which injects one-shot faults into
 * matching requests: an error status, a connection dropped or stalled part-way through a body, a corrupted
 * byte, a redirect to "blob storage" elsewhere, each to the first matching request that carries credentials.
 * It records every request it sees.
 */
public final class FaultProxy implements AutoCloseable {
    /** A request as the proxy saw it: its path with the query. */
    public record Seen(String method, String path, String range, boolean authorized) {
    }

    /** What to do to one matching request. */
    public sealed interface Fault permits Status, DropAfter, StallAfter, Corrupt, Redirect {
    }

    public record Status(int code, Map<String, String> headers) implements Fault {
    }

    public record DropAfter(long bytes) implements Fault {
    }

    /** Sends {@code bytes}, then holds the connection until {@code release} opens, then drops it. */
    public record StallAfter(long bytes, CountDownLatch release) implements Fault {
    }

    public record Corrupt(long at) implements Fault {
    }

    public record Redirect(URI base) implements Fault {
    }

    private record Rule(String method, String pathPart, Fault fault) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "expect", "upgrade", "keep-alive", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final HttpClient client;
    private final URI upstream;
    private final ConcurrentLinkedQueue<Rule> rules = new ConcurrentLinkedQueue<>();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();

    public FaultProxy(URI upstream, SSLContext trust) throws IOException {
        this.upstream = upstream;
        this.client = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Applies {@code fault} to the next request with this method whose path contains {@code pathPart}. */
    public void once(String method, String pathPart, Fault fault) {
        rules.add(new Rule(method, pathPart, fault));
    }

    private Fault take(String method, String path) {
        for (Rule rule : rules) {
            if (rule.method.equals(method) && path.contains(rule.pathPart) && rules.remove(rule)) {
                return rule.fault;
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        seen.add(new Seen(method, path, exchange.getRequestHeaders().getFirst("Range"),
                exchange.getRequestHeaders().containsKey("Authorization")));
        // The registry behind requires credentials: a fault hits the first authorized request, not the 401 before it.
        Fault fault = exchange.getRequestHeaders().containsKey("Authorization") ? take(method, uri.getRawPath()) : null;
        try (exchange) {
            if (fault instanceof Status) {
                ((Status) fault).headers().forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(((Status) fault).code(), -1);
                return;
            }
            if (fault instanceof Redirect) {
                exchange.getResponseHeaders().set("Location", ((Redirect) fault).base().resolve(path).toString());
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            forward(exchange, method, path, fault);
        }
    }

    private void forward(HttpExchange exchange, String method, String path, Fault fault) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(path))
                .method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name,
                        value.replace(upstream.toString().replaceAll("/$", ""), "http://" + authority())));
            }
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
        try (InputStream body = response.body()) {
            if (method.equals("HEAD") || length == 0) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return;
            }
            exchange.sendResponseHeaders(response.statusCode(), length);
            copy(body, exchange.getResponseBody(), fault);
        }
    }

    private static void copy(InputStream in, OutputStream out, Fault fault) throws IOException {
        long limit = fault instanceof DropAfter ? ((DropAfter) fault).bytes()
                : fault instanceof StallAfter ? ((StallAfter) fault).bytes() : Long.MAX_VALUE;
        long corruptAt = fault instanceof Corrupt ? ((Corrupt) fault).at() : -1;
        byte[] buffer = new byte[16 << 10];
        long sent = 0;
        for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
            int count = (int) Math.min(read, limit - sent);
            if (corruptAt >= sent && corruptAt < sent + count) {
                buffer[(int) (corruptAt - sent)] ^= 0x5a;
            }
            out.write(buffer, 0, count);
            sent += count;
            if (sent >= limit) {
                out.flush();
                if (fault instanceof StallAfter) {
                    try {
                        ((StallAfter) fault).release().await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                throw new IOException("fault: connection dropped after " + sent + " bytes");
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
