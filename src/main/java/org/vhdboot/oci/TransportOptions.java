package org.vhdboot.oci;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a registry. Defaults: HTTPS verified against the system trust store, anonymous, bounded waits.
 *
 * @param credentials   sent only after the registry asks (null: anonymous)
 * @param trustedRoots  the system's root certificates, trusted besides the JDK's store
 * @param caCertificate an extra PEM file of CA certificates trusted besides the system's (null: none)
 * @param plainHttp     when plain HTTP is used instead of HTTPS
 * @param connectTimeout    to open a connection
 * @param responseTimeout   from a request to its response headers
 * @param idleTimeout       longest silence while a body streams, and the waiting in which it must bring 64 KiB
 * @param uploadChunkSize   blobs larger than this are uploaded in PATCH chunks of this size
 * @param timeBudget        the most one session with the registry may take, every request, retry and body of it
 *                          together (null: no bound beyond the timeouts)
 * @param noCredentialsBecause why there are no credentials, where they were looked for and none found
 *                          ({@code FILE has no entry for HOST}), for a registry that asks; null otherwise
 */
public record TransportOptions(Credentials credentials, TrustedRoots trustedRoots, Path caCertificate,
                               PlainHttp plainHttp, Duration connectTimeout, Duration responseTimeout,
                               Duration idleTimeout, RetryPolicy retry, long uploadChunkSize, Duration timeBudget,
                               String noCredentialsBecause) {
    /** When vhdboot talks plain HTTP. */
    public enum PlainHttp {
        /** Never: HTTPS only (the default). */
        NEVER,
        /** To loopback registries only ({@code --insecure}); a remote host still needs HTTPS. */
        LOOPBACK_ONLY,
        /** To any host: an explicit, documented opt-in for closed lab networks. */
        ANY_HOST;

        /** {@code loopback} or {@code any-host}: the opt-ins as an option or a stored setting spells them. */
        public static PlainHttp ofWord(String word) {
            switch (word) {
                case "loopback":
                    return LOOPBACK_ONLY;
                case "any-host":
                    return ANY_HOST;
                default:
                    throw new IllegalArgumentException("plain HTTP is allowed to loopback or any-host, not '" + word
                            + "'");
            }
        }

        /** The word for this rule ({@link #ofWord(String)}); null for NEVER, which is not written. */
        public String word() {
            return this == NEVER ? null : this == ANY_HOST ? "any-host" : "loopback";
        }

        /**
         * Plain HTTP to loopback only, asked for a registry elsewhere, is refused before any connection: quietly
         * using HTTPS instead would leave the caller guessing why the opt-in did nothing. Callers check it where an
         * admin gives the opt-in; the transport itself simply uses HTTPS for such a registry.
         */
        public void requireFits(OciReference reference) throws OciException {
            if (this == LOOPBACK_ONLY && reference instanceof RegistryReference registry && !registry.isLoopback()) {
                throw new OciException(OciException.Kind.INVALID_REFERENCE, "insecure (plain HTTP) is for a registry"
                        + " on loopback, and " + registry.authority() + " is not on loopback: leave it out to use"
                        + " HTTPS, or set it to any-host on a closed lab network");
            }
        }
    }

    public static final int MAX_REDIRECTS = 5;

    public TransportOptions {
        if (trustedRoots == null || plainHttp == null || retry == null || connectTimeout == null
                || responseTimeout == null || idleTimeout == null || uploadChunkSize < 1
                || timeBudget != null && timeBudget.isNegative()) {
            throw new IllegalArgumentException("incomplete transport options");
        }
    }

    public static TransportOptions defaults() {
        return new TransportOptions(null, TrustedRoots.JDK_ONLY, null, PlainHttp.NEVER, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(60), RetryPolicy.defaults(), 64L << 20, null, null);
    }

    public TransportOptions withCredentials(Credentials value) {
        return new TransportOptions(value, trustedRoots, caCertificate, plainHttp, connectTimeout, responseTimeout,
                idleTimeout, retry, uploadChunkSize, timeBudget, null);
    }

    /** Anonymous, saying why to a registry that asks for credentials ({@code FILE has no entry for HOST}). */
    public TransportOptions withoutCredentials(String because) {
        return new TransportOptions(null, trustedRoots, caCertificate, plainHttp, connectTimeout, responseTimeout,
                idleTimeout, retry, uploadChunkSize, timeBudget, because);
    }

    public TransportOptions withTrustedRoots(TrustedRoots value) {
        return new TransportOptions(credentials, value, caCertificate, plainHttp, connectTimeout, responseTimeout,
                idleTimeout, retry, uploadChunkSize, timeBudget, noCredentialsBecause);
    }

    public TransportOptions withCaCertificate(Path value) {
        return new TransportOptions(credentials, trustedRoots, value, plainHttp, connectTimeout, responseTimeout,
                idleTimeout, retry, uploadChunkSize, timeBudget, noCredentialsBecause);
    }

    public TransportOptions withPlainHttp(PlainHttp value) {
        return new TransportOptions(credentials, trustedRoots, caCertificate, value, connectTimeout, responseTimeout,
                idleTimeout, retry, uploadChunkSize, timeBudget, noCredentialsBecause);
    }

    public TransportOptions withTimeouts(Duration connect, Duration response, Duration idle) {
        return new TransportOptions(credentials, trustedRoots, caCertificate, plainHttp, connect, response, idle, retry,
                uploadChunkSize, timeBudget, noCredentialsBecause);
    }

    public TransportOptions withRetry(RetryPolicy value) {
        return new TransportOptions(credentials, trustedRoots, caCertificate, plainHttp, connectTimeout, responseTimeout,
                idleTimeout, value, uploadChunkSize, timeBudget, noCredentialsBecause);
    }

    public TransportOptions withUploadChunkSize(long value) {
        return new TransportOptions(credentials, trustedRoots, caCertificate, plainHttp, connectTimeout, responseTimeout,
                idleTimeout, retry, value, timeBudget, noCredentialsBecause);
    }

    public TransportOptions withTimeBudget(Duration value) {
        return new TransportOptions(credentials, trustedRoots, caCertificate, plainHttp, connectTimeout, responseTimeout,
                idleTimeout, retry, uploadChunkSize, value, noCredentialsBecause);
    }

    @Override
    public String toString() {
        return "TransportOptions[credentials=" + (credentials == null ? "anonymous" : credentials.username())
                + ", caCertificate=" + caCertificate + ", plainHttp=" + plainHttp + "]";
    }
}
