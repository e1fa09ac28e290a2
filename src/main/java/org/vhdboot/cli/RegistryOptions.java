package org.vhdboot.cli;

import org.vhdboot.layout.OperationException;
import org.vhdboot.oci.Credentials;
import org.vhdboot.oci.DockerConfig;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.oci.TrustStores;
import org.vhdboot.ops.RegistryAccess;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** How the {@code image} commands reach a registry: trust, plain HTTP, and credentials (docs/cli.md). */
final class RegistryOptions {
    /** A registry token is a few KiB at most (a JWT); the limit only keeps endless input from filling memory. */
    static final int MAX_PASSWORD_CHARS = 64 * 1024;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "PEM file of CA certificates to trust besides the system's (a registry with its own CA)")
    Path caCertificate;

    @Option(names = "--insecure", paramLabel = "SCOPE", arity = "0..1", fallbackValue = ScopeWord.LOOPBACK,
            preprocessor = ScopeWord.class,
            description = "plain HTTP instead of HTTPS: to a loopback registry only (default), or any-host for a"
                    + " closed lab network")
    String insecure;

    @Option(names = "--username", paramLabel = "NAME", description = "user name for the registry (with"
            + " --password-stdin)")
    String username;

    @Option(names = "--password-stdin", description = "read the password or token from the first line of stdin")
    boolean passwordStdin;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "a Docker config.json to take credentials from"
            + " (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json when there is one)")
    Path authFile;

    /**
     * The access these options describe for {@code reference}; the password, when asked for, is read from
     * {@code console}'s stdin.
     */
    RegistryAccess access(Console console, String reference) throws OperationException, IOException {
        TransportOptions.PlainHttp plain = plainHttp(insecure, "--insecure");
        plain.requireFits(OciReference.parse(reference));
        for (Path file : new Path[] {caCertificate, authFile}) {
            if (file != null && !Files.isRegularFile(file)) {
                throw new OperationException(OperationException.Kind.USAGE, file + (Files.exists(file)
                        ? ": not a file" : ": no such file"));
            }
        }
        requireReadable(caCertificate, "--ca-cert", authFile, "--auth-file");
        if (passwordStdin != (username != null)) {
            throw new OperationException(OperationException.Kind.USAGE, "--username and --password-stdin go together");
        }
        if (username != null && authFile != null) {
            throw new OperationException(OperationException.Kind.USAGE, "give --username or --auth-file, not both");
        }
        Credentials credentials = null;
        if (username != null) {
            char[] password = console.readSecretLine(MAX_PASSWORD_CHARS);
            if (password == null || password.length == 0) {
                throw new OperationException(OperationException.Kind.USAGE, "--password-stdin: the first line of stdin"
                        + (password == null ? " is longer than " + MAX_PASSWORD_CHARS / 1024 + " KiB" : " is empty")
                        + "; it must hold the password or token");
            }
            try {
                credentials = new Credentials(username, password);
            } catch (IllegalArgumentException e) {
                throw new OperationException(OperationException.Kind.USAGE, "--username: " + e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        return new RegistryAccess(caCertificate, plain, credentials, authFile);
    }

    /**
     * Refuses a CA file without a certificate, or an auth file that is not a Docker config.json, as the value of the
     * option that gave it (exit 2), before any connection.
     */
    static void requireReadable(Path caCertificate, String caOption, Path authFile, String authOption)
            throws OperationException, IOException {
        try {
            if (caCertificate != null) {
                TrustStores.requireCertificates(caCertificate);
            }
        } catch (OciException e) {
            throw new OperationException(OperationException.Kind.USAGE, caOption + ": " + e.getMessage());
        }
        try {
            if (authFile != null) {
                DockerConfig.read(authFile);
            }
        } catch (OciException e) {
            throw new OperationException(OperationException.Kind.USAGE, authOption + ": " + e.getMessage());
        }
    }

    /** {@code --insecure[=loopback|any-host]}: absent is HTTPS only. */
    static TransportOptions.PlainHttp plainHttp(String scope, String option) throws OperationException {
        if (scope == null) {
            return TransportOptions.PlainHttp.NEVER;
        }
        try {
            return TransportOptions.PlainHttp.ofWord(scope);
        } catch (IllegalArgumentException e) {
            throw new OperationException(OperationException.Kind.USAGE, option + " takes loopback or any-host");
        }
    }
}
