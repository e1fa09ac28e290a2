package org.vhdboot.oci;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The TLS context: the JDK's default trust store, the system's roots where those are kept elsewhere (Windows), and
 * the CA certificates of a PEM file when one is given.
 * Both managers are extended ones, so the JDK still checks that the certificate names the host.
 */
public final class TrustStores {
    private TrustStores() {
    }

    /** Refuses a PEM file that holds no readable CA certificate: the TLS context a registry session builds from it. */
    public static void requireCertificates(Path pemFile) throws OciException {
        context(TrustedRoots.JDK_ONLY, pemFile);
    }

    static SSLContext context(TrustedRoots systemRoots, Path extraCaFile) throws OciException {
        try {
            List<X509ExtendedTrustManager> managers = new ArrayList<>();
            managers.add(managerFor(null));
            KeyStore roots = loadRoots(systemRoots);
            if (roots != null) {
                managers.add(managerFor(roots));
            }
            if (extraCaFile != null) {
                managers.add(managerFor(keyStoreOf(extraCaFile)));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyOf(managers)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new OciException(OciException.Kind.UNSUPPORTED, "cannot set up TLS: " + e.getMessage());
        }
    }

    private static KeyStore loadRoots(TrustedRoots systemRoots) throws OciException {
        try {
            return systemRoots.load();
        } catch (GeneralSecurityException | IOException e) {
            throw new OciException(OciException.Kind.UNSUPPORTED, "cannot read the system's trusted root"
                    + " certificates: " + e.getMessage());
        }
    }

    private static KeyStore keyStoreOf(Path pemFile) throws OciException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new OciException(OciException.Kind.UNSUPPORTED, "cannot read the CA certificate file " + pemFile
                    + ": " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new OciException(OciException.Kind.UNSUPPORTED, "no certificate in " + pemFile);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("extra-ca-" + index++, certificate);
        }
        return store;
    }

    private static X509ExtendedTrustManager managerFor(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager) {
                return (X509ExtendedTrustManager) manager;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * Whether a TLS failure says the certificate leads to none of the CAs trusted: no path to one, or a path that ends
     * elsewhere (a CA of the same name that did not sign it). Not an expired certificate, nor another host's.
     */
    static boolean signedByNoTrustedCa(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException invalid
                    && invalid.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                return true;
            }
        }
        return false;
    }

    /** Trusts a server chain when any of its managers does. */
    private static final class AnyOf extends X509ExtendedTrustManager {
        private final List<X509ExtendedTrustManager> managers;

        AnyOf(List<X509ExtendedTrustManager> managers) {
            this.managers = managers;
        }

        private interface Check {
            void run(X509ExtendedTrustManager manager) throws CertificateException;
        }

        /**
         * Throws, when none trusts the chain, the refusal of one that knew its CA (a host name the certificate does
         * not hold, say) over the others' "no path to a trusted CA", which would send the admin after the wrong file.
         */
        private void anyOf(Check check) throws CertificateException {
            CertificateException telling = null;
            for (X509ExtendedTrustManager manager : managers) {
                try {
                    check.run(manager);
                    return;
                } catch (CertificateException e) {
                    if (telling == null || signedByNoTrustedCa(telling) && !signedByNoTrustedCa(e)) {
                        telling = e;
                    }
                }
            }
            throw telling;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            anyOf(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            anyOf(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anyOf(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>();
            for (X509ExtendedTrustManager manager : managers) {
                all.addAll(List.of(manager.getAcceptedIssuers()));
            }
            return all.toArray(new X509Certificate[0]);
        }
    }
}
