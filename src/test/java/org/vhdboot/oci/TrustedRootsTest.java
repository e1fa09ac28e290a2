package org.vhdboot.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vhdboot.oci.testing.Registries;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system's root certificates (on Windows the certificate store, which the JDK's own store is not) are trusted
 * besides the JDK's: a registry whose CA only they hold is reached over real TLS without {@code --ca-cert}.
 */
@ExtendWith(Registries.class)
class TrustedRootsTest {

    private static TrustedRoots holding(Registries.Set registries) {
        return () -> {
            KeyStore roots = KeyStore.getInstance("PKCS12");
            roots.load(null, null);
            try (InputStream in = Files.newInputStream(registries.certificates().caCertificate())) {
                roots.setCertificateEntry("lab-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            return roots;
        };
    }

    @Test
    void aRegistryWhoseCaTheSystemTrustsIsReachedWithoutCaCert(Registries.Set registries) throws Exception {
        TransportOptions options = RegistryStoreTest.options(registries).withCaCertificate(null)
                .withTrustedRoots(holding(registries));
        try (RegistryStore store = RegistryStoreTest.store(registries.basic(), options, "trust/system")) {
            OciException missing = assertThrows(OciException.class, () -> store.resolve("latest"));
            assertEquals(OciException.Kind.NOT_FOUND, missing.kind(), "TLS and auth passed: " + missing.getMessage());
        }
    }

    @Test
    void theSameRegistryIsRefusedWhenNeitherTheSystemNorCaCertHoldsItsCa(Registries.Set registries) throws Exception {
        TransportOptions options = RegistryStoreTest.options(registries).withCaCertificate(null)
                .withTrustedRoots(TrustedRoots.JDK_ONLY);
        try (RegistryStore store = RegistryStoreTest.store(registries.basic(), options, "trust/system")) {
            OciException failure = assertThrows(OciException.class, () -> store.resolve("latest"));
            assertEquals(OciException.Kind.UNREACHABLE, failure.kind());
            // What failed, without the JDK's class names in the sentence.
            assertTrue(failure.getMessage().contains("TLS failed (PKIX path building failed: unable to find valid"
                    + " certification path to requested target)"), failure.getMessage());
            assertFalse(failure.getMessage().contains("sun.security"), failure.getMessage());
        }
    }

    @Test
    void plainHttpToARegistryThatSpeaksOnlyHttpsSaysSo(Registries.Set registries) throws Exception {
        TransportOptions options = RegistryStoreTest.options(registries)
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY);
        try (RegistryStore store = RegistryStoreTest.store(registries.basic(), options, "trust/plain")) {
            OciException failure = assertThrows(OciException.class, () -> store.resolve("latest"));
            assertEquals(OciException.Kind.PROTOCOL, failure.kind());
            assertTrue(failure.getMessage().endsWith("answered HTTP 400: it speaks HTTPS, not plain HTTP; leave out"
                    + " --insecure"), failure.getMessage());
        }
    }

    @Test
    void anUnreadableSystemStoreIsOneClearFailure(Registries.Set registries) {
        TransportOptions options = RegistryStoreTest.options(registries).withTrustedRoots(() -> {
            throw new KeyStoreException("Windows-ROOT not found");
        });
        OciException failure = assertThrows(OciException.class,
                () -> RegistryStoreTest.store(registries.basic(), options, "trust/system").close());
        assertEquals(OciException.Kind.UNSUPPORTED, failure.kind());
        assertTrue(failure.getMessage().startsWith("cannot read the system's trusted root certificates: Windows-ROOT"),
                failure.getMessage());
    }
}
