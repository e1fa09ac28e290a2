package org.vhdboot.ops;

import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransportOptions;

import java.nio.file.Path;

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

    RegistryAccess access() {
        return new RegistryAccess(caCertificate, plainHttp, null, authFile);
    }
}
