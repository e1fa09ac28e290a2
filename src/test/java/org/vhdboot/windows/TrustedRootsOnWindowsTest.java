package org.vhdboot.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Windows' Root certificate store is readable through the JDK and holds the roots every Windows ships with, so a
 * registry whose CA group policy deployed is trusted without {@code --ca-cert} (docs/windows-validation.md, step 18).
 */
@EnabledOnOs(OS.WINDOWS)
class TrustedRootsOnWindowsTest {

    @Test
    void theRootStoreHoldsMicrosoftsOwnRoot() throws Exception {
        KeyStore roots = WindowsParts.trustedRoots();
        boolean microsoftRoot = false;
        for (String alias : Collections.list(roots.aliases())) {
            if (roots.getCertificate(alias) instanceof X509Certificate certificate) {
                microsoftRoot |= certificate.getSubjectX500Principal().getName().contains("Microsoft Root");
            }
        }
        assertTrue(roots.size() > 0 && microsoftRoot, "Windows-ROOT holds " + roots.size() + " entries");
    }
}
