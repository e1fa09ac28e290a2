package org.vhdboot.layout;

import org.vhdboot.boot.WindowsCommandLine;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransportOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     * Refuses a policy the agent could never carry out: plain HTTP to loopback for a registry elsewhere. Found at
     * night, it would only fail. (Its files are checked where they are given, naming their options.)
     */
    public void requireUsable() throws IOException {
        plainHttp.requireFits(OciReference.parse(reference));
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
        List<String> command = new ArrayList<>(List.of("vhdboot", "image", "pull", reference, "--layout",
                layout.folder().toString()));
        if (caCertificate != null) {
            command.addAll(List.of("--ca-cert", caCertificate.toString()));
        }
        if (authFile != null) {
            command.addAll(List.of("--auth-file", authFile.toString()));
        }
        if (plainHttp.word() != null) {
            command.add("--insecure=" + plainHttp.word());
        }
        return WindowsCommandLine.forConsole(command);
    }
}
