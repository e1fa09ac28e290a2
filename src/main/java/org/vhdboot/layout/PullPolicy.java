package org.vhdboot.layout;

import org.vhdboot.oci.DockerConfig;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.oci.TrustStores;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The update policy of a scheduled layout ({@code schedule --pull REF}): after each nightly reset the agent in
 * Recovery pulls REF and switches to a new version, with confirmation. Kept in {@code [schedule]}; it names where
 * credentials are, never holds one.
 *
 * @param reference     what to pull, checked as a reference when read
 * @param caCertificate PEM file of extra CA certificates; null for none
 * @param authFile      a Docker {@code config.json} to take credentials from; null for the default places
 */
public record PullPolicy(String reference, Path caCertificate, Path authFile, TransportOptions.PlainHttp plainHttp) {
    public PullPolicy {
        if (reference == null || plainHttp == null) {
            throw new IllegalArgumentException("a pull policy needs a reference and a plain-HTTP rule");
        }
    }

    /** The policy for {@code reference}, refused when it is not one. */
    public static PullPolicy of(String reference, Path caCertificate, Path authFile,
                                TransportOptions.PlainHttp plainHttp) throws OciException {
        OciReference.parse(reference);
        return new PullPolicy(reference, caCertificate, authFile, plainHttp);
    }

    /**
     * Refuses a policy the agent could never carry out: plain HTTP to loopback for a registry elsewhere, an auth
     * file that is not a readable Docker config.json, or a CA file without a certificate. Found at night, each would
     * only fail.
     */
    public void requireUsable() throws IOException {
        plainHttp.requireFits(OciReference.parse(reference));
        if (authFile != null) {
            DockerConfig.read(authFile);
        }
        if (caCertificate != null) {
            TrustStores.requireCertificates(caCertificate);
        }
    }

    /**
     * Why the agent cannot carry out this policy on {@code layout}, if it cannot: it switches to a pulled version
     * by starting the new slot once, which takes a boot store changed at once: not {@code none}, which has no
     * entries, nor {@code script}, whose one-time boot waits for an administrator (as does the one into Recovery).
     */
    public Optional<String> unworkableIn(Layout layout) {
        if (layout.bootStore().changesBootAtOnce()) {
            return Optional.empty();
        }
        return Optional.of("the agent switches to a pulled version by starting its slot once, and this layout has "
                + layout.bootStore().describe() + "; let vhdboot change the boot store (`vhdboot init --parent "
                + layout.parentPath() + " --boot-store bcdedit`), or pull by hand (`" + pullByHand(layout) + "`)");
    }

    /** The {@code image pull} that does by hand what this policy would: same registry, trust and credentials. */
    String pullByHand(Layout layout) {
        StringBuilder command = new StringBuilder("vhdboot image pull ").append(reference)
                .append(" --layout ").append(quoted(layout.folder()));
        if (caCertificate != null) {
            command.append(" --ca-cert ").append(quoted(caCertificate));
        }
        if (authFile != null) {
            command.append(" --auth-file ").append(quoted(authFile));
        }
        if (plainHttp.word() != null) {
            command.append(" --insecure=").append(plainHttp.word());
        }
        return command.toString();
    }

    /** As a shell or cmd.exe takes a path with spaces in it. */
    private static String quoted(Path path) {
        String text = path.toString();
        return text.contains(" ") ? '"' + text + '"' : text;
    }
}
