package org.vhdboot.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.oci.testing.Registries;
import org.vhdboot.oci.testing.SampleArtifact;
import org.vhdboot.oci.testing.TestRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push and pull against a real Docker Distribution over TLS, with htpasswd and with token auth. */
@ExtendWith(Registries.class)
class RegistryStoreTest {
    @TempDir
    Path temp;

    static TransportOptions options(Registries.Set registries) {
        List<Duration> ignored = new ArrayList<>();
        return TransportOptions.defaults()
                .withCaCertificate(registries.certificates().caCertificate())
                .withCredentials(new Credentials(TestRegistry.USER, TestRegistry.PASSWORD.toCharArray()))
                .withRetry(RetryPolicy.defaults().withSleeper(ignored::add))
                .withUploadChunkSize(64 << 10);
    }

    static RegistryStore store(TestRegistry registry, TransportOptions options, String repository) throws Exception {
        return (RegistryStore) ArtifactStore.open(OciReference.parse("oci://" + registry.authority() + "/" + repository
                + ":latest"), options);
    }

    @Test
    void aChainPushedWithHtpasswdAuthIsPulledBackByteForByte(Registries.Set registries) throws Exception {
        roundTrip(registries.basic(), options(registries), "lab/win11-basic");
    }

    @Test
    void aChainPushedWithTokenAuthIsPulledBackByteForByte(Registries.Set registries) throws Exception {
        roundTrip(registries.token(), options(registries), "lab/win11-token");
        assertTrue(registries.token().tokens().requests.stream().anyMatch(s -> s.contains("repository:lab/win11-token:pull,push")),
                registries.token().tokens().requests.toString());
    }

    private void roundTrip(TestRegistry registry, TransportOptions options, String repository) throws Exception {
        // 300 KiB goes in PATCH chunks of 64 KiB; 10 KiB in one PUT.
        SampleArtifact sample = SampleArtifact.create(temp, 1, 300 << 10, 10 << 10);
        try (RegistryStore store = store(registry, options, repository)) {
            Digest pushed = sample.pushTo(store, "v2");
            ArtifactStore.ResolvedManifest resolved = store.resolve("v2");
            assertEquals(pushed, resolved.digest());
            VersionArtifact read = VersionArtifact.fromManifest(resolved.manifest());
            assertEquals(sample.artifact(), read);
            for (int i = 0; i < sample.files().size(); i++) {
                Path part = temp.resolve("pulled-" + i + ".part");
                store.fetchBlob(read.layers().get(i).toDescriptor(), part, TransferListener.NONE);
                assertArrayEquals(Files.readAllBytes(sample.files().get(i)), Files.readAllBytes(part));
            }
            assertEquals(Optional.of((long) (300 << 10)), store.blobSize(sample.layer(0).digest()));
            assertEquals(ArtifactStore.PushResult.ALREADY_PRESENT, store.pushBlob(sample.layer(0),
                    BlobSource.of(sample.files().get(0)), Optional.empty(), TransferListener.NONE));
        }
        try (RegistryStore other = store(registry, options, repository + "-copy")) {
            assertEquals(ArtifactStore.PushResult.MOUNTED, other.pushBlob(sample.layer(0), BlobSource.of(sample.files().get(0)),
                    Optional.of(RepositoryName.parse(repository)), TransferListener.NONE));
            assertEquals(Optional.of((long) (300 << 10)), other.blobSize(sample.layer(0).digest()));
        }
    }

    @Test
    void aMountFromARepositoryWithoutTheBlobFallsBackToAnUpload(Registries.Set registries) throws Exception {
        SampleArtifact sample = SampleArtifact.create(temp, 2, 70_000);
        try (RegistryStore store = store(registries.basic(), options(registries), "lab/mount-target")) {
            assertEquals(ArtifactStore.PushResult.UPLOADED, store.pushBlob(sample.layer(0),
                    BlobSource.of(sample.files().get(0)), Optional.of(RepositoryName.parse("lab/never-pushed")),
                    TransferListener.NONE));
            assertEquals(Optional.of(70_000L), store.blobSize(sample.layer(0).digest()));
        }
    }

    /**
     * Closing the store stops the HTTP client's selector thread: while it waits in the kernel, {@code System.exit}
     * waits 300 ms for it, which every command that talked to a registry paid. A store that only reads (a pull, an
     * inspect) never starts that client at all.
     */
    @Test
    void closingTheStoreStopsTheClientsSelectorThread(Registries.Set registries) throws Exception {
        Digest absent = Digest.parse("sha256:" + "0".repeat(64));
        Descriptor absentBlob = Descriptor.of("application/octet-stream", absent, 1);
        try (RegistryStore other = store(registries.basic(), options(registries), "lab/still-open")) {
            assertFalse(other.mountBlob(absentBlob, RepositoryName.parse("lab/never-pushed")));
            java.util.Set<Thread> before = selectorThreads();
            RegistryStore store = store(registries.basic(), options(registries), "lab/closing");
            assertEquals(Optional.empty(), store.blobSize(absent));
            assertEquals(before, selectorThreads(), "reading alone started the upload client");
            assertFalse(store.mountBlob(absentBlob, RepositoryName.parse("lab/never-pushed")));
            java.util.Set<Thread> started = selectorThreads();
            started.removeAll(before);
            assertEquals(1, started.size(), started.toString());
            store.close();
            Thread selector = started.iterator().next();
            selector.join(10_000);
            assertFalse(selector.isAlive(), "the selector thread still runs after close");
            // A closed client's timers went with that thread: a request would wait forever, so it is refused.
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> store.blobSize(absent));
            assertTrue(refused.getMessage().endsWith("was closed"), refused.getMessage());
            java.lang.ref.Reference.reachabilityFence(store);
            assertEquals(Optional.empty(), other.blobSize(absent), "another store's client is not touched");
        }
    }

    private static java.util.Set<Thread> selectorThreads() {
        java.util.Set<Thread> found = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().matches("HttpClient-[0-9]+-SelectorManager")) {
                found.add(thread);
            }
        }
        return found;
    }

    /** A mount alone, for a blob whose bytes are not at hand: lent by a repository that has it, else false. */
    @Test
    void aMountAloneSaysWhetherTheBlobIsPresentNow(Registries.Set registries) throws Exception {
        SampleArtifact sample = SampleArtifact.create(temp, 3, 40_000, 30_000);
        try (RegistryStore source = store(registries.token(), options(registries), "lab/mount-source")) {
            source.pushBlob(sample.layer(0), BlobSource.of(sample.files().get(0)), Optional.empty(),
                    TransferListener.NONE);
        }
        try (RegistryStore target = store(registries.token(), options(registries), "lab/mount-only")) {
            RepositoryName from = RepositoryName.parse("lab/mount-source");
            assertTrue(target.mountBlob(sample.layer(0), from));
            assertEquals(Optional.of(40_000L), target.blobSize(sample.layer(0).digest()));
            assertFalse(target.mountBlob(sample.layer(1), from), "the source lacks it");
            assertEquals(Optional.empty(), target.blobSize(sample.layer(1).digest()));
            assertFalse(target.mountBlob(sample.layer(1), RepositoryName.parse("lab/mount-only")), "not from itself");
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt(Registries.Set registries) throws Exception {
        for (TestRegistry registry : List.of(registries.basic(), registries.token())) {
            TransportOptions wrong = options(registries).withCredentials(new Credentials(TestRegistry.USER,
                    "not-the-Pa55word".toCharArray()));
            try (RegistryStore store = store(registry, wrong, "lab/refused")) {
                OciException failure = assertThrows(OciException.class, () -> store.resolve("latest"));
                assertEquals(OciException.Kind.UNAUTHORIZED, failure.kind());
                assertTrue(!failure.getMessage().contains("not-the-Pa55word"), failure.getMessage());
            }
        }
    }

    @Test
    void anonymousAccessToAProtectedRegistryAsksForCredentials(Registries.Set registries) throws Exception {
        try (RegistryStore store = store(registries.basic(), options(registries).withCredentials(null), "lab/x")) {
            OciException failure = assertThrows(OciException.class, () -> store.resolve("latest"));
            assertEquals(OciException.Kind.UNAUTHORIZED, failure.kind());
            assertTrue(failure.getMessage().contains("requires credentials"), failure.getMessage());
        }
    }

    @Test
    void withoutTheCaCertificateTlsFailsWithAHint(Registries.Set registries) throws Exception {
        try (RegistryStore store = store(registries.basic(), options(registries).withCaCertificate(null), "lab/x")) {
            OciException failure = assertThrows(OciException.class, () -> store.resolve("latest"));
            assertEquals(OciException.Kind.UNREACHABLE, failure.kind());
            assertTrue(failure.getMessage().contains("--ca-cert"), failure.getMessage());
        }
    }

    @Test
    void aMissingTagIsNotFound(Registries.Set registries) throws Exception {
        try (RegistryStore store = store(registries.basic(), options(registries), "lab/empty")) {
            OciException failure = assertThrows(OciException.class, () -> store.resolve("nothing-here"));
            assertEquals(OciException.Kind.NOT_FOUND, failure.kind());
            assertTrue(failure.getMessage().startsWith("tag nothing-here is not in " + store.describe() + ": "),
                    failure.getMessage());
        }
    }
}
