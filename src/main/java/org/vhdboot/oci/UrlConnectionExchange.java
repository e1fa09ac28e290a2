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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
        // Until the headers, the request's own timeout: per read here, for the whole answer by the deadline below.
        Duration answerTimeout = budget.cap(request.timeout().orElse(idleTimeout));
        connection.setReadTimeout(millis(answerTimeout));
        connection.setRequestMethod(request.method());
        request.headers().map().forEach((name, values) -> values.forEach(value ->
                connection.addRequestProperty(name, value)));
        int status;
        HttpHeaders headers;
        InputStream in;
        AnswerDeadline deadline = AnswerDeadline.start(connection, answerTimeout);
        try {
            connection.connect();
            status = connection.getResponseCode();
            if (!deadline.met()) {
                throw new SocketTimeoutException("no response within " + TimeBudget.describe(answerTimeout));
            }
            if (status < 0) {
                throw new ProtocolException(request.uri().getAuthority() + " answered without a valid HTTP status line");
            }
            headers = headersOf(connection);
            // The body's reader times silence out itself (BodyStream) and drops the connection; this only backs it up.
            connection.setReadTimeout(millis(idleTimeout.multipliedBy(2)));
            in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            if (e instanceof SocketTimeoutException || !deadline.met()) {
                // As the JDK client says it: a timeout to retry, not an interruption (which SocketTimeoutException
                // is), nor the closed socket or TLS failure the deadline's disconnect caused.
                String reason = e instanceof SocketTimeoutException ? e.getMessage()
                        : "no response within " + TimeBudget.describe(answerTimeout);
                throw new HttpTimeoutException(request.uri().getAuthority() + ": " + reason);
            }
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

    /**
     * Drops a connection whose answer (the connection, a TLS handshake, the status line and headers) is not in
     * {@code timeout} after the request started: the socket's timeout counts per read, so a server sending a byte
     * inside each would hold the request, and the agent's night, for as long as it liked. Whichever comes first, the
     * answer or the deadline, decides; the disconnect makes the request's read fail (or end early) at once.
     */
    private static final class AnswerDeadline implements Runnable {
        private static final ScheduledThreadPoolExecutor TIMER = timer();

        private static final int PENDING = 0;
        private static final int MET = 1;
        private static final int PASSED = 2;

        private final HttpURLConnection connection;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private ScheduledFuture<?> scheduled;

        private AnswerDeadline(HttpURLConnection connection) {
            this.connection = connection;
        }

        static AnswerDeadline start(HttpURLConnection connection, Duration timeout) {
            AnswerDeadline deadline = new AnswerDeadline(connection);
            deadline.scheduled = TIMER.schedule(deadline, timeout.toNanos(), TimeUnit.NANOSECONDS);
            return deadline;
        }

        /** False once the deadline passed first (the connection is dropped then); the first call decides. */
        boolean met() {
            if (state.compareAndSet(PENDING, MET)) {
                scheduled.cancel(false);
            }
            return state.get() == MET;
        }

        @Override
        public void run() {
            if (state.compareAndSet(PENDING, PASSED)) {
                connection.disconnect();
            }
        }

        /** One daemon thread, gone a second after the last request: nothing waits on it at exit. */
        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "vhdboot-answer-deadline");
                thread.setDaemon(true);
                return thread;
            });
            timer.setKeepAliveTime(1, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
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
