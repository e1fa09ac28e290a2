package org.vhdboot.oci;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Where the operating system keeps the CA certificates it trusts, when that is not the JDK's own store (on Windows,
 * the certificate store that group policy fills). Loaded only when a TLS connection is set up.
 */
@FunctionalInterface
public interface TrustedRoots {
    /** The JDK's store is the system's (Linux distributions build it from theirs): nothing besides it. */
    TrustedRoots JDK_ONLY = () -> null;

    /** The system's root certificates, or null when the JDK's own store is the system's. */
    KeyStore load() throws GeneralSecurityException, IOException;
}
