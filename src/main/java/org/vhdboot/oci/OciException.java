package org.vhdboot.oci;

import java.io.IOException;

/**
 * A failure of a registry or an image-layout folder, with a {@link Kind} the use cases map to an exit code.
 * Messages are one line and never carry a secret. A local file-system failure (disk full, permission denied)
 * is a plain {@link IOException}, not one of these.
 */
public class OciException extends IOException {
    /** What went wrong, coarse enough for an exit code and a hint. */
    public enum Kind {
        /** A reference, name, tag or digest is malformed (a usage error). */
        INVALID_REFERENCE,
        /** The credentials were refused, or the registry demands credentials that were not given. */
        UNAUTHORIZED,
        /** The tag, manifest, blob, repository or layout folder does not exist. */
        NOT_FOUND,
        /** Bytes did not match their digest or size: a corrupt or hostile answer. Nothing was kept. */
        INTEGRITY,
        /** The answer broke the protocol: bad JSON, wrong media type, too large, a status that makes no sense. */
        PROTOCOL,
        /** The registry could not be reached, or stopped answering, after the retries. */
        UNREACHABLE,
        /** A feature the user asked for is not supported (a credential helper, a compression). */
        UNSUPPORTED,
        /** Another transfer holds the same partial file. */
        BUSY
    }

    private final Kind kind;

    public OciException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public OciException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
