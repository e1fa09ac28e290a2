package org.vhdboot.oci;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code oci://HOST[:PORT]/REPO:TAG} or {@code oci://HOST[:PORT]/REPO@sha256:HEX}. {@code port} is -1 for the
 * scheme's default. Exactly one of {@code tag} and {@code digest} is set.
 */
public record RegistryReference(String host, int port, RepositoryName repository, Tag tag, Digest digest)
        implements OciReference {
    private static final Pattern HOST_NAME =
            Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");
    /** The distribution spec's digest grammar: what may follow the {@code @} of a digest reference. */
    private static final Pattern DIGEST_SHAPE = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    public RegistryReference {
        if ((tag == null) == (digest == null)) {
            throw new IllegalArgumentException("a registry reference names a tag or a digest");
        }
    }

    static RegistryReference parseAfterScheme(String rest) throws OciException {
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw invalid("oci://HOST[:PORT]/REPO:TAG needs a host and a repository");
        }
        String authority = rest.substring(0, slash);
        if (holdsCredentials(rest, slash)) {
            // USER:PASSWORD@HOST: what precedes the @ is never quoted back, since it may be a password.
            throw invalid("oci://HOST[:PORT]/REPO:TAG takes no credentials before the host; give them with"
                    + " --username and --password-stdin, or --auth-file");
        }
        String path = rest.substring(slash + 1);
        String host = authority;
        int port = -1;
        int portColon = authority.lastIndexOf(':');
        if (portColon > authority.lastIndexOf(']')) {
            host = authority.substring(0, portColon);
            port = parsePort(authority.substring(portColon + 1));
        }
        if (host.length() > 253 || !(HOST_NAME.matcher(host).matches() || IPV6.matcher(host).matches())) {
            throw invalid("not a registry host: " + Printable.of(host));
        }
        int at = path.indexOf('@');
        if (at >= 0) {
            return new RegistryReference(host.toLowerCase(Locale.ROOT), port, RepositoryName.parse(path.substring(0, at)),
                    null, Digest.parse(path.substring(at + 1)));
        }
        int colon = path.lastIndexOf(':');
        if (colon < 0) {
            throw invalid("oci://HOST[:PORT]/REPO:TAG needs a tag (or @sha256:DIGEST) after the repository");
        }
        return new RegistryReference(host.toLowerCase(Locale.ROOT), port, RepositoryName.parse(path.substring(0, colon)),
                Tag.parse(path.substring(colon + 1)), null);
    }

    /**
     * Whether an {@code @} ends credentials rather than starting a digest: it stands before the host's slash, or
     * what follows it is no {@code ALGORITHM:ENCODED} digest (a password holding a {@code /} moves the slash before
     * the {@code @}, and then its start would be read as a port or a repository and quoted back).
     */
    private static boolean holdsCredentials(String rest, int slash) {
        int at = rest.indexOf('@');
        if (at < 0) {
            return false;
        }
        String afterAt = rest.substring(at + 1);
        return at < slash || !afterAt.isEmpty() && !DIGEST_SHAPE.matcher(afterAt).matches();
    }

    private static int parsePort(String text) throws OciException {
        if (!text.matches("[0-9]{1,5}")) {
            throw invalid("not a port: " + Printable.of(text));
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw invalid("not a port: " + port + " (1 to 65535)");
        }
        return port;
    }

    private static OciException invalid(String message) {
        return new OciException(OciException.Kind.INVALID_REFERENCE, message);
    }

    /** {@code HOST[:PORT]}, as written in URLs and in a Docker {@code config.json}. */
    public String authority() {
        return port < 0 ? host : host + ":" + port;
    }

    /** Whether the host is a loopback name or address, without asking a name server about other names. */
    public boolean isLoopback() {
        return isLoopbackHost(host);
    }

    /** Whether {@code host} (a name, an IPv4 address or a bracketed IPv6 address) is this machine. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.startsWith("[")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                    .isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String target() {
        return tag != null ? tag.value() : digest.toString();
    }

    /** The same repository with another tag or digest. */
    public RegistryReference at(Digest pinned) {
        return new RegistryReference(host, port, repository, null, pinned);
    }

    @Override
    public String toString() {
        return REGISTRY_SCHEME + authority() + "/" + repository + (tag != null ? ":" + tag : "@" + digest);
    }
}
