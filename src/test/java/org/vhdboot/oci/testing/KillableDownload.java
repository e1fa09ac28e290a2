package org.vhdboot.oci.testing;

import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.Credentials;
import org.vhdboot.oci.Descriptor;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.TransportOptions;

import java.nio.file.Path;

/** Run in a child JVM that the test kills with SIGKILL part-way through a download. */
public final class KillableDownload {
    public static void main(String[] args) throws Exception {
        // args: REFERENCE DIGEST SIZE PART
        TransportOptions options = TransportOptions.defaults()
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withCredentials(new Credentials(TestRegistry.USER, TestRegistry.PASSWORD.toCharArray()));
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse(args[0]), options)) {
            store.fetchBlob(Descriptor.of("application/octet-stream", Digest.parse(args[1]), Long.parseLong(args[2])),
                    Path.of(args[3]), TransferListener.NONE);
        }
    }
}
