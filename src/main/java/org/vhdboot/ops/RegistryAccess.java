package org.vhdboot.ops;

import org.vhdboot.layout.PullPolicy;
import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.Credentials;
import org.vhdboot.oci.DockerConfig;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.RegistryReference;
import org.vhdboot.oci.TransportOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How an image command reaches a registry: the extra CA certificates, when plain HTTP is allowed, and whose
 * credentials it offers when the registry asks. Credentials are given ones ({@code --username} and
 * {@code --password-stdin}), else those a Docker {@code config.json} holds for the registry's host: the file named
 * ({@code --auth-file}), else {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json} when one exists.
 * Timeouts and retries are the outside world's ({@link TransportOptions}). Nothing here ever shows a password.
 *
 * @param caCertificate PEM file of CA certificates trusted besides the system's; null for none
 * @param authFile      a Docker {@code config.json} to take credentials from; null for the default places
 */
public record RegistryAccess(Path caCertificate, TransportOptions.PlainHttp plainHttp, Credentials credentials,
                             Path authFile) {
    static final String DOCKER_CONFIG = "DOCKER_CONFIG";

    public RegistryAccess {
        if (plainHttp == null) {
            throw new IllegalArgumentException("say when plain HTTP is allowed");
        }
    }

    /** HTTPS verified against the system's trust store, credentials from the default Docker config if any. */
    public static RegistryAccess defaults() {
        return new RegistryAccess(null, TransportOptions.PlainHttp.NEVER, null, null);
    }

    /** How the agent reaches the registry of a layout's update policy; its credentials come from a config.json. */
    public static RegistryAccess of(PullPolicy policy) {
        return new RegistryAccess(policy.caCertificate(), policy.plainHttp(), null, policy.authFile());
    }

    /** Opens the registry repository or image-layout folder {@code reference} points at. */
    public ArtifactStore open(OciReference reference, OutsideWorld world) throws IOException {
        return open(reference, world, Optional.empty());
    }

    /**
     * As {@link #open(OciReference, OutsideWorld)}, with a registry session that ends after {@code timeBudget} however
     * the registry answers (every request, retry and body together).
     */
    public ArtifactStore open(OciReference reference, OutsideWorld world, Optional<Duration> timeBudget)
            throws IOException {
        TransportOptions options = world.get(TransportOptions.class).withPlainHttp(plainHttp)
                .withCaCertificate(caCertificate);
        if (timeBudget.isPresent()) {
            options = options.withTimeBudget(timeBudget.get());
        }
        if (reference instanceof RegistryReference registry) {
            Optional<Credentials> found = credentialsFor(registry.authority(), world);
            // A named auth file without the registry's host is the likely mistake (registry.lab for 127.0.0.1:5000).
            options = found.isPresent() ? options.withCredentials(found.get()) : options.withoutCredentials(
                    credentials == null && authFile != null ? authFile + " has no entry for " + registry.authority()
                            : null);
        }
        return ArtifactStore.open(reference, options);
    }

    Optional<Credentials> credentialsFor(String authority, OutsideWorld world) throws IOException {
        if (credentials != null) {
            return Optional.of(credentials);
        }
        if (authFile != null) {
            return DockerConfig.read(authFile).credentialsFor(authority);
        }
        Optional<Path> standard = defaultConfig(world.get(OutsideWorld.Environment.class).variables());
        if (standard.isEmpty()) {
            return Optional.empty();
        }
        try {
            return DockerConfig.read(standard.get()).credentialsFor(authority);
        } catch (DockerConfig.KeptByDocker e) {
            // Docker's business: this registry is asked anonymously. A broken file or entry is reported instead.
            return Optional.empty();
        }
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, when it exists. */
    static Optional<Path> defaultConfig(Map<String, String> environment) {
        String folder = environment.get(DOCKER_CONFIG);
        Path file = folder != null && !folder.isBlank() ? Path.of(folder, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public String toString() {
        return "RegistryAccess[caCertificate=" + caCertificate + ", plainHttp=" + plainHttp + ", credentials="
                + (credentials == null ? "none" : credentials.username()) + ", authFile=" + authFile + "]";
    }
}
