package org.vhdboot.oci;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sends a GET or HEAD through the JDK's {@link HttpURLConnection} and answers as {@code java.net.http} does, with
 * the body read by a {@link StreamPublisher} into a {@link BodyStream}. Downloads go this way: the JDK client's
 * asynchronous pipeline spends about a third more CPU per byte (a fresh heap buffer for each socket read, copies,
 * hand-offs between its threads), which on a busy machine is the difference between keeping up with the link and
 * not (docs/benchmarks.md, "Fleet updates"). Requests with a body (uploads, PATCH above all, which this class has
 * not) stay on the JDK client; {@link RegistryHttp} decides, and keeps authentication, retries and redirects for both.
 */
final class UrlConnectionExchange {
    /**
     * The JDK drains a body closed with up to 512 KiB left on a cleaner thread of its own, for up to 5 s, to keep the
     * connection: from a hostile server that is 5 s more of its drip and a thread in native code at exit. A body
     * left early is dropped instead (kilobytes; 0 unless the user set it).
     */
    static final String DRAINED_REMAINDER_PROPERTY = "http.KeepAlive.remainingData";

    static {
        if (System.getProperty(DRAINED_REMAINDER_PROPERTY) == null) {
            System.setProperty(DRAINED_REMAINDER_PROPERTY, "0");
        }
    }

    private final SSLContext tls;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final TimeBudget budget;

    /** @param tls the context for HTTPS; null for the JDK's default, as the JDK client of a plain-HTTP registry has */
    UrlConnectionExchange(SSLContext tls, Duration connectTimeout, Duration idleTimeout, TimeBudget budget) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.budget = budget;
    }

    static boolean carries(HttpRequest request) {
        boolean bodiless = request.bodyPublisher().map(body -> body.contentLength() == 0).orElse(true);
        return bodiless && (request.method().equals("GET") || request.method().equals("HEAD"));
    }

    HttpResponse<BodyStream> send(HttpRequest request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL()
                .openConnection(RegistryProxies.SYSTEM.choose(request.uri()));
        // The default host name verifier stays: with it the JDK checks the certificate's names in the handshake itself
        // (a mismatch is a TLS failure, never retried); a verifier of our own would move the check after it.
        if (connection instanceof HttpsURLConnection https && tls != null) {
            https.setSSLSocketFactory(tls.getSocketFactory());
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(budget.cap(connectTimeout)));
        // Until the headers, the request's own timeout.
        connection.setReadTimeout(millis(request.timeout().orElse(idleTimeout)));
        connection.setRequestMethod(request.method());
        request.headers().map().forEach((name, values) -> values.forEach(value ->
                connection.addRequestProperty(name, value)));
        int status;
        HttpHeaders headers;
        InputStream in;
        try {
            status = connection.getResponseCode();
            if (status < 0) {
                throw new ProtocolException(request.uri().getAuthority() + " answered without a valid HTTP status line");
            }
            headers = headersOf(connection);
            // The body's reader times silence out itself (BodyStream) and drops the connection; this only backs it up.
            connection.setReadTimeout(millis(idleTimeout.multipliedBy(2)));
            in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            // As the JDK client says it: a timeout to retry, not an interruption (which SocketTimeoutException is).
            throw new HttpTimeoutException(request.uri().getAuthority() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
        BodyStream body = new BodyStream(idleTimeout, budget);
        StreamPublisher.start(in == null ? InputStream.nullInputStream() : in, connection::disconnect, body,
                "vhdboot-body-" + request.uri().getHost());
        return new Response(request, status, headers, body);
    }

    /** Names gathered regardless of case, as the JDK client does: "x-a" and "X-A" are one header, not a failure. */
    private static HttpHeaders headersOf(HttpURLConnection connection) {
        Map<String, List<String>> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                named.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values);
            }
        });
        return HttpHeaders.of(named, (name, value) -> true);
    }

    /** At least 1: to {@code HttpURLConnection}, 0 means no timeout at all. */
    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /** What {@code java.net.http} would have answered, as far as vhdboot asks. */
    private record Response(HttpRequest request, int statusCode, HttpHeaders headers, BodyStream body)
            implements HttpResponse<BodyStream> {
        @Override
        public Optional<HttpResponse<BodyStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
