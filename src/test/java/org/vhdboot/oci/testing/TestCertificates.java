package org.vhdboot.oci.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A throwaway CA and a server certificate for 127.0.0.1 and localhost made with openssl, plus a self-signed
 * key pair for signing registry tokens. Lives in a temporary folder for one test run.
 */
public final class TestCertificates {
    static final char[] STORE_PASSWORD = "test-only".toCharArray();

    private final Path folder;

    private TestCertificates(Path folder) {
        this.folder = folder;
    }

    public static TestCertificates create(Path folder) throws Exception {
        RequiredTool.OPENSSL.require();
        RequiredTool openssl = RequiredTool.OPENSSL;
        Files.writeString(folder.resolve("server.ext"),
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                        + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        openssl.run(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=vhdboot test CA");
        openssl.run(folder, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        openssl.run(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        openssl.run(folder, "pkcs12", "-export", "-inkey", "server.key", "-in", "server.pem", "-out", "server.p12",
                "-passout", "pass:" + new String(STORE_PASSWORD), "-name", "server");
        openssl.run(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "token.key", "-out",
                "token.pem", "-days", "2", "-subj", "/CN=vhdboot test token issuer");
        openssl.run(folder, "pkcs12", "-export", "-inkey", "token.key", "-in", "token.pem", "-out", "token.p12",
                "-passout", "pass:" + new String(STORE_PASSWORD), "-name", "token");
        return new TestCertificates(folder);
    }

    public Path caCertificate() {
        return folder.resolve("ca.pem");
    }

    public Path serverCertificate() {
        return folder.resolve("server.pem");
    }

    public Path serverKey() {
        return folder.resolve("server.key");
    }

    public Path tokenCertificate() {
        return folder.resolve("token.pem");
    }

    /** A TLS context serving the server certificate (for the in-test token server). */
    public SSLContext serverContext() throws Exception {
        KeyStore store = load("server.p12");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A TLS context that trusts the test CA (for test helpers talking to the registry directly). */
    public SSLContext clientContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate())) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    public PrivateKey tokenKey() throws Exception {
        return (PrivateKey) load("token.p12").getKey("token", STORE_PASSWORD);
    }

    public X509Certificate tokenCertificateObject() throws Exception {
        return (X509Certificate) load("token.p12").getCertificate("token");
    }

    private KeyStore load(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve(name))) {
            store.load(in, STORE_PASSWORD);
        }
        return store;
    }
}
