package org.vhdboot.oci;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Sends the distribution API's requests to one registry: authenticates when challenged (Basic, or a Bearer token
 * for the request's scopes), retries with backoff on 429/5xx and broken connections, and follows redirects by hand
 * so that the Authorization header goes to the registry's own origin only, never to the blob storage a 307 points
 * at. Requests with a body go through {@code java.net.http}; GET and HEAD, downloads above all, through
 * {@link UrlConnectionExchange}, which costs less CPU per byte.
 */
final class RegistryHttp {
    /** One request; {@code body} is called anew for each attempt. */
    record Call(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body,
                Set<String> scopes, boolean retryable) {
        static Call get(URI uri, Map<String, String> headers, Set<String> scopes) {
            return new Call("GET", uri, headers, HttpRequest.BodyPublishers::noBody, scopes, true);
        }
    }

    private static final Pattern CLIENT_ID = Pattern.compile("\\(([0-9]{1,9})\\)$");
    /** What the JDK's TLS says when the server answered the handshake in plain HTTP. */
    private static final String PLAIN_HTTP_ANSWER = "Unsupported or unrecognized SSL message";
    /** "sun.security.provider.certpath.SunCertPathBuilderException: " inside the JDK's TLS messages: noise to a reader. */
    private static final Pattern JDK_CLASS_PREFIX = Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ");

    private final SSLContext tls;
    /** Built by the first request with a body (an upload): pulls and inspects never pay for it. */
    private HttpClient client;
    private final UrlConnectionExchange downloads;
    private final URI origin;
    private final String authority;
    private final TransportOptions options;
    private final RegistryAuth auth;
    private final TimeBudget budget;
    private volatile boolean closed;

    RegistryHttp(RegistryReference registry, TransportOptions options) throws OciException {
        this.options = options;
        this.authority = registry.authority();
        boolean plain = allowsPlainHttp(options.plainHttp(), registry.isLoopback());
        this.origin = URI.create((plain ? "http://" : "https://") + registry.authority());
        this.tls = plain ? null : TrustStores.context(options.trustedRoots(), options.caCertificate());
        this.budget = TimeBudget.startingNow(options.timeBudget(), registry.authority());
        this.downloads = new UrlConnectionExchange(tls, options.connectTimeout(), options.idleTimeout(), budget);
        this.auth = new RegistryAuth(this, options.credentials());
    }

    static boolean allowsPlainHttp(TransportOptions.PlainHttp policy, boolean loopback) {
        return policy == TransportOptions.PlainHttp.ANY_HOST
                || (policy == TransportOptions.PlainHttp.LOOPBACK_ONLY && loopback);
    }

    TransportOptions options() {
        return options;
    }

    URI resolve(String pathAndQuery) {
        return origin.resolve(pathAndQuery);
    }

    /** An unexpected answer as one line, with this session's secrets hidden from the registry's words. */
    OciException error(HttpResponse<BodyStream> response, String what) {
        return RegistryErrors.of(response, what, authority, auth::hideSecrets);
    }

    String authority() {
        return authority;
    }

    /**
     * Sends {@code call} and returns the final response, whatever its status, with its body still to read;
     * the caller closes the body. Throws UNREACHABLE when every attempt failed to connect or was answered with
     * a retryable status, and UNAUTHORIZED when the credentials were refused.
     */
    HttpResponse<BodyStream> send(Call call) throws IOException {
        RetryPolicy retry = options.retry();
        boolean authenticated = false;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<BodyStream> response;
            try {
                response = exchange(call);
            } catch (IOException e) {
                if (!call.retryable() || attempt >= retry.maxAttempts() || !isTransient(e)) {
                    throw budget.spent() ? budget.exceeded() : unreachable(e);
                }
                pause(Printable.escaped(auth.hideSecrets(unreachable(e).getMessage())), attempt,
                        retry.delay(attempt, null));
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && !sameOrigin(response.uri())) {
                // Blob storage a redirect led to: its challenge names a realm of its choosing, and answering it
                // would hand the registry's credentials to whoever runs that storage.
                response.body().close();
                throw new OciException(OciException.Kind.UNAUTHORIZED, authority + " redirected to "
                        + Printable.of(response.uri().getAuthority()) + ", which refused access; the registry's"
                        + " credentials are given to the registry itself only");
            }
            if (status == 401 && !authenticated) {
                List<String> challenges = response.headers().allValues("WWW-Authenticate");
                response.body().close();
                auth.answer(challenges, call.scopes());
                authenticated = true;
                attempt--;
                continue;
            }
            if (status == 401) {
                response.body().close();
                throw new OciException(OciException.Kind.UNAUTHORIZED, authority + " refused the credentials"
                        + (options.credentials() == null ? " (none were given)" + whyNoCredentials()
                        : " of " + options.credentials().username()));
            }
            if (RetryPolicy.isRetryableStatus(status) && call.retryable() && attempt < retry.maxAttempts()) {
                String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                response.body().close();
                pause(authority + " answered " + status, attempt, retry.delay(attempt, retryAfter));
                continue;
            }
            return response;
        }
    }

    /**
     * A retry's pause after attempt {@code failed} went wrong ({@code what}), cut to the time budget and announced
     * ({@link RetryPolicy.Notice}); a spent budget ends the retries instead.
     */
    void pause(String what, int failed, Duration delay) throws OciException {
        Duration wait = budget.cap(delay);
        budget.check();
        options.retry().notice().retrying(what, failed + 1, options.retry().maxAttempts(), wait);
        options.retry().pause(wait);
        budget.check();
    }

    /** How long to wait for a response's headers: the option, cut to the time budget. */
    Duration responseTimeout() {
        return budget.cap(options.responseTimeout());
    }

    /** One attempt: the request and any redirects after it, GET and HEAD only. */
    private HttpResponse<BodyStream> exchange(Call call) throws IOException {
        URI uri = call.uri();
        for (int hop = 0; hop <= TransportOptions.MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(responseTimeout())
                    .method(call.method(), call.body().get());
            call.headers().forEach(request::header);
            if (sameOrigin(uri)) {
                auth.authorization(call.scopes()).ifPresent(value -> request.header("Authorization", value));
            }
            HttpResponse<BodyStream> response;
            try {
                response = send(request.build());
            } catch (IOException e) {
                if (hop == 0 || e instanceof OciException) {
                    throw e;
                }
                throw new Redirected(uri, e);
            }
            String location = response.headers().firstValue("Location").orElse(null);
            boolean followable = call.method().equals("GET") || call.method().equals("HEAD");
            if (!isRedirect(response.statusCode()) || location == null || !followable) {
                return response;
            }
            response.body().close();
            uri = redirectTarget(uri, location);
        }
        throw new OciException(OciException.Kind.PROTOCOL, authority + " redirected more than "
                + TransportOptions.MAX_REDIRECTS + " times");
    }

    /** Sends one request as it is (token requests use this too). */
    HttpResponse<BodyStream> send(HttpRequest request) throws IOException {
        if (closed) {
            // The closed client's timers are gone with its selector thread: the request would wait forever.
            throw new IllegalStateException("the connection to " + authority + " was closed");
        }
        budget.check();
        if (UrlConnectionExchange.carries(request)) {
            return downloads.send(request);
        }
        try {
            return uploadClient().send(request, BodyStream.handler(options.idleTimeout(), budget));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + authority);
        }
    }

    private URI redirectTarget(URI from, String location) throws OciException {
        return target(from, location, authority + " redirected to");
    }

    /**
     * {@code location} (a redirect's, an upload session's) resolved against {@code from}, refused as PROTOCOL unless it
     * is HTTPS, or plain HTTP where plain HTTP is allowed for its host; {@code what} begins the message.
     */
    URI target(URI from, String location, String what) throws OciException {
        URI target;
        try {
            target = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new OciException(OciException.Kind.PROTOCOL, what + " a malformed location");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (target.getHost() == null
                || !scheme.equals("https") && !(scheme.equals("http") && mayUsePlainHttp(target))) {
            throw new OciException(OciException.Kind.PROTOCOL, what + " a " + Printable.of(scheme)
                    + " location, which is refused (HTTPS only unless plain HTTP was allowed)");
        }
        return target;
    }

    /** Plain HTTP to another host is allowed under the same rule as to the registry itself. */
    boolean mayUsePlainHttp(URI uri) {
        return allowsPlainHttp(options.plainHttp(), RegistryReference.isLoopbackHost(uri.getHost()));
    }

    boolean sameOrigin(URI uri) {
        return origin.getScheme().equalsIgnoreCase(uri.getScheme())
                && origin.getHost().equalsIgnoreCase(uri.getHost())
                && port(origin) == port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isTransient(IOException e) {
        if (e instanceof Redirected) {
            return isTransient((IOException) e.getCause());
        }
        return !(e instanceof SSLException) && !(e instanceof OciException) && !(e instanceof java.io.InterruptedIOException);
    }

    /** {@code "; FILE has no entry for HOST"} where credentials were looked for and none found, else "". */
    String whyNoCredentials() {
        return options.noCredentialsBecause() == null ? "" : "; " + options.noCredentialsBecause();
    }

    /**
     * What to do about a failed handshake: a CA given that did not sign the certificate is named as such; an expired
     * certificate or another host's, which the reason says, gets no hint.
     */
    private String tlsHint(IOException failure) {
        Path given = options.caCertificate();
        if (given == null) {
            return "; give the registry's CA certificate with --ca-cert if it has its own CA";
        }
        return TrustStores.signedByNoTrustedCa(failure)
                ? "; neither the system's CAs nor those in " + given + " signed its certificate" : "";
    }

    OciException unreachable(IOException e) {
        if (e instanceof Redirected redirected) {
            // Host and port only: a Location's user:password@ is a secret, and not the registry's to hide.
            URI target = redirected.target;
            String storage = target.getHost() == null ? "the host it named"
                    : Printable.escaped(target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort()));
            return unreachable(storage + " (where " + authority + " redirected)", (IOException) redirected.getCause());
        }
        return unreachable(authority, e);
    }

    /** A failure at the host a redirect led to (blob storage): said of that host, retried as its cause would be. */
    private static final class Redirected extends IOException {
        private final URI target;

        Redirected(URI target, IOException cause) {
            super(cause.getMessage(), cause);
            this.target = target;
        }
    }

    /** As {@link #unreachable(IOException)}, for {@code server}: the registry, or the token service it names. */
    OciException unreachable(String server, IOException e) {
        if (e instanceof OciException) {
            return (OciException) e;
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException && reason.contains(PLAIN_HTTP_ANSWER)) {
            reason = "it answers in plain HTTP, not HTTPS; add --insecure for a registry on loopback without TLS"
                    + " (--insecure=any-host on a closed lab network)";
        } else if (e instanceof SSLException) {
            reason = "TLS failed (" + JDK_CLASS_PREFIX.matcher(reason).replaceAll("") + ")" + tlsHint(e);
        } else if (e instanceof ConnectException) {
            reason = "connection refused or unreachable";
        }
        return new OciException(OciException.Kind.UNREACHABLE, "cannot reach " + server + ": " + reason, e);
    }

    /**
     * The JDK client, made on first use. Without a context of its own (a plain-HTTP registry) it builds the JDK's
     * default one, trust store and all: 0.15-0.2 s that a pull, which reads through {@link UrlConnectionExchange},
     * never needs.
     */
    private synchronized HttpClient uploadClient() {
        if (closed) {
            throw new IllegalStateException("the connection to " + authority + " was closed");
        }
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .proxy(RegistryProxies.SYSTEM)
                    .connectTimeout(options.connectTimeout());
            if (tls != null) {
                builder.sslContext(tls);
            }
            client = builder.build();
        }
        return client;
    }

    Duration idleTimeout() {
        return options.idleTimeout();
    }

    /**
     * Stops the client's selector thread, which waits in the kernel between requests: while any thread is in native
     * code, {@code System.exit} waits 300 ms for it, so every command that talked to a registry ended that much later.
     * The JDK 21 client shuts down (now: {@code close} would wait for a body left unread); the JDK 17 one has neither,
     * and its selector thread, named by the client's id (which its {@code toString} ends with, as the JDK's own tests
     * read it), stops when interrupted. A request after this is refused.
     */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client == null) {
            return;
        }
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
            return;
        } catch (ReflectiveOperationException e) {
            // JDK 17: no shutdown; below.
        }
        Matcher id = CLIENT_ID.matcher(client.toString());
        if (!id.find()) {
            return;
        }
        String selector = "HttpClient-" + id.group(1) + "-SelectorManager";
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        for (int i = root.enumerate(threads); i-- > 0; ) {
            if (threads[i].getName().equals(selector)) {
                threads[i].interrupt();
            }
        }
    }
}
