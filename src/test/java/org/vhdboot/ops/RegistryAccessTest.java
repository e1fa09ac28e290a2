package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransportOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link RegistryAccess} decides before any connection: plain HTTP's scope and the default config.json. */
class RegistryAccessTest {
    @TempDir
    Path dir;

    @Test
    void plainHttpToLoopbackOnlyIsRefusedForARegistryElsewhere() throws Exception {
        OciException refused = assertThrows(OciException.class, () -> TransportOptions.PlainHttp.LOOPBACK_ONLY
                .requireFits(OciReference.parse("oci://registry.lab:5000/win11:stable")));
        assertEquals(OciException.Kind.INVALID_REFERENCE, refused.kind());
        assertTrue(refused.getMessage().contains("registry.lab:5000 is not on loopback"), refused.getMessage());
        assertTrue(refused.getMessage().contains("any-host"), refused.getMessage());
        // A policy stored before the check still opens (over HTTPS; opening connects to nothing yet): the agent's
        // nightly pull keeps working after an upgrade.
        new RegistryAccess(null, TransportOptions.PlainHttp.LOOPBACK_ONLY, null, null)
                .open(OciReference.parse("oci://registry.lab:5000/win11:stable"), world(Map.of())).close();

        for (String fits : new String[] {"oci://127.0.0.1:5000/win11:stable", "oci://localhost/win11:stable",
                "oci://[::1]:5000/win11:stable", "oci-layout:" + dir + ":stable"}) {
            assertDoesNotThrow(() -> TransportOptions.PlainHttp.LOOPBACK_ONLY.requireFits(OciReference.parse(fits)),
                    fits);
        }
        assertDoesNotThrow(() -> TransportOptions.PlainHttp.ANY_HOST
                .requireFits(OciReference.parse("oci://registry.lab:5000/win11:stable")));
        assertThrows(OciException.class, () -> PullPolicy.of("oci://registry.lab:5000/win11:stable", null, null,
                TransportOptions.PlainHttp.LOOPBACK_ONLY).requireUsable());
    }

    @Test
    void theDefaultConfigGivesCredentialsAndLeavesHelpersToDockerButReportsABrokenFile() throws Exception {
        RegistryAccess access = new RegistryAccess(null, TransportOptions.PlainHttp.NEVER, null, null);
        Map<String, String> environment = Map.of(RegistryAccess.DOCKER_CONFIG, dir.toString());
        Path config = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString("lab:s3cret-pass".getBytes());

        Files.writeString(config, "{\"auths\": {\"registry.lab:5000\": {\"auth\": \"" + auth + "\"}}}");
        assertEquals("lab", access.credentialsFor("registry.lab:5000", world(environment)).orElseThrow().username());
        assertEquals(Optional.empty(), access.credentialsFor("other.lab", world(environment)));

        Files.writeString(config, "{\"auths\": {}, \"credsStore\": \"desktop\"}");
        assertEquals(Optional.empty(), access.credentialsFor("registry.lab:5000", world(environment)),
                "a credential store is Docker's business: asked anonymously");

        Files.writeString(config, "{\"auths\": {\"registry.lab:5000\": {\"auth\": \"" + auth + "\"}},\n  oops");
        OciException broken = assertThrows(OciException.class,
                () -> access.credentialsFor("registry.lab:5000", world(environment)));
        assertTrue(broken.getMessage().contains("is not valid JSON (line 2"), broken.getMessage());
        assertTrue(!broken.getMessage().contains("s3cret") && !broken.getMessage().contains(auth), broken.getMessage());

        Files.writeString(config, "{\"auths\": {\"registry.lab:5000\": {\"auth\": \"not base64!\"}}}");
        OciException entry = assertThrows(OciException.class,
                () -> access.credentialsFor("registry.lab:5000", world(environment)));
        assertTrue(entry.getMessage().contains("its auth is not base64"), entry.getMessage());
    }

    private static OutsideWorld world(Map<String, String> environment) {
        return OutsideWorld.portable(Clock.systemUTC(), environment);
    }
}
