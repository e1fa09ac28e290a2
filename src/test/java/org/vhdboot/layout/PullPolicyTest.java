package org.vhdboot.layout;

import org.junit.jupiter.api.Test;
import org.vhdboot.oci.TransportOptions;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where the agent cannot carry out a pull policy, status offers the pull by hand: it must be a command that works as
 * copied, with the policy's own trust and credentials, not a bare reference that fails on the CA or the login.
 */
class PullPolicyTest {
    @Test
    void thePullByHandCarriesTheLayoutTrustCredentialsAndPlainHttpRule() {
        Layout layout = new Layout(Path.of("/srv/vhd"));
        PullPolicy full = new PullPolicy("oci://127.0.0.1:5000/win11:stable", Path.of("/etc/vhdboot/lab-ca.pem"),
                Path.of("/etc/vhdboot/registry-auth.json"), TransportOptions.PlainHttp.LOOPBACK_ONLY);
        assertEquals("vhdboot image pull oci://127.0.0.1:5000/win11:stable --layout " + Path.of("/srv/vhd")
                + " --ca-cert " + Path.of("/etc/vhdboot/lab-ca.pem") + " --auth-file "
                + Path.of("/etc/vhdboot/registry-auth.json") + " --insecure=loopback", full.pullByHand(layout));
        PullPolicy bare = new PullPolicy("oci://registry.lab:5000/win11:stable", null, null,
                TransportOptions.PlainHttp.NEVER);
        assertEquals("vhdboot image pull oci://registry.lab:5000/win11:stable --layout " + Path.of("/srv/vhd"),
                bare.pullByHand(layout));
        assertEquals("vhdboot image pull oci://registry.lab:5000/win11:stable --layout \"" + Path.of("/srv/lab vhd")
                + "\"", bare.pullByHand(new Layout(Path.of("/srv/lab vhd"))));
    }
}
