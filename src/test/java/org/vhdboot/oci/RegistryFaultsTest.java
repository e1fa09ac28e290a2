package org.vhdboot.oci;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.oci.testing.BlobStorage;
import org.vhdboot.oci.testing.FaultProxy;
import org.vhdboot.oci.testing.Registries;
import org.vhdboot.oci.testing.SampleArtifact;
import org.vhdboot.oci.testing.TestRegistry;
import org.vhdboot.testing.FileWait;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults a pull must survive, injected by a proxy in front of the real registry (htpasswd over TLS behind
 * it; the client talks plain HTTP to the loopback proxy).
 */
@ExtendWith(Registries.class)
class RegistryFaultsTest {
    private static final int BLOB = 3 << 20;

    @TempDir
    Path temp;

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private Registries.Set registries;
    private FaultProxy proxy;
    private SampleArtifact sample;
    private String repository;

    @BeforeEach
    void pushASampleAndStartTheProxy(Registries.Set given) throws Exception {
        registries = given;
        repository = "faults/" + Long.toHexString(System.nanoTime());
        sample = SampleArtifact.create(temp, 7, BLOB);
        try (ArtifactStore direct = RegistryStoreTest.store(registries.basic(), RegistryStoreTest.options(registries)
                .withUploadChunkSize(1 << 20), repository)) {
            sample.pushTo(direct, "v1");
        }
        proxy = new FaultProxy(URI.create("https://" + registries.basic().authority() + "/"),
                registries.certificates().clientContext());
    }

    @AfterEach
    void stopTheProxy() {
        proxy.close();
    }

    private ArtifactStore throughProxy() throws Exception {
        TransportOptions options = TransportOptions.defaults()
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withCredentials(new Credentials(TestRegistry.USER, TestRegistry.PASSWORD.toCharArray()))
                .withRetry(RetryPolicy.defaults().withSleeper(waits::add));
        return ArtifactStore.open(OciReference.parse("oci://" + proxy.authority() + "/" + repository + ":v1"), options);
    }

    private void assertPulledWhole(Path part) throws IOException {
        assertArrayEquals(Files.readAllBytes(sample.files().get(0)), Files.readAllBytes(part));
    }

    private static void awaitBytesIn(Path part, CountDownLatch written) {
        try {
            FileWait.forBytes(part.getParent(), part::equals, 1, Duration.ofSeconds(60), () -> {
            });
        } catch (IOException | InterruptedException | AssertionError e) {
            // fall through: the drop happens anyway
        }
        written.countDown();
    }

    private List<String> blobRanges() {
        return proxy.seen.stream().filter(s -> s.method().equals("GET") && s.path().contains("/blobs/"))
                .map(FaultProxy.Seen::range).toList();
    }

    @Test
    void aConnectionDroppedMidBlobResumesWithARangeRequest() throws Exception {
        // The drop waits until bytes reach the part file: a reset connection discards what the client had not
        // read yet, and with nothing kept there is nothing to resume from.
        CountDownLatch somethingWritten = new CountDownLatch(1);
        proxy.once("GET", "/blobs/", new FaultProxy.StallAfter(1_000_000, somethingWritten));
        Path part = temp.resolve("layer.part");
        Thread watcher = new Thread(() -> awaitBytesIn(part, somethingWritten));
        watcher.start();
        try (ArtifactStore store = throughProxy()) {
            store.fetchBlob(sample.layer(0), part, TransferListener.NONE);
        }
        watcher.join();
        assertPulledWhole(part);
        List<String> ranges = blobRanges();
        assertEquals(3, ranges.size(), "anonymous, authorized, resumed: " + ranges);
        assertTrue(ranges.get(2).matches("bytes=[0-9]+-"), ranges.toString());
        long resumedAt = Long.parseLong(ranges.get(2).replaceAll("[^0-9]", ""));
        assertTrue(resumedAt > 0 && resumedAt <= 1_000_000, ranges.toString());
    }

    @Test
    void answers500And429AreRetriedHonouringRetryAfter() throws Exception {
        proxy.once("GET", "/manifests/", new FaultProxy.Status(500, Map.of()));
        proxy.once("GET", "/manifests/", new FaultProxy.Status(429, Map.of("Retry-After", "7")));
        try (ArtifactStore store = throughProxy()) {
            assertEquals(sample.artifact(), VersionArtifact.fromManifest(store.resolve("v1").manifest()));
        }
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(7)), waits);
    }

    @Test
    void aRegistryThatKeepsFailingIsReportedUnreachableAfterTheRetries() throws Exception {
        for (int i = 0; i < 5; i++) {
            proxy.once("GET", "/manifests/", new FaultProxy.Status(503, Map.of("Retry-After", "999999")));
        }
        try (ArtifactStore store = throughProxy()) {
            OciException failure = assertThrows(OciException.class, () -> store.resolve("v1"));
            assertEquals(OciException.Kind.UNREACHABLE, failure.kind());
            assertTrue(failure.getMessage().contains("503"), failure.getMessage());
        }
        assertEquals(4, waits.size());
        assertTrue(waits.stream().allMatch(wait -> wait.compareTo(Duration.ofSeconds(30)) <= 0), waits.toString());
    }

    @Test
    void aRedirectToBlobStorageOnAnotherHostWorksWithoutLeakingTheAuthorization() throws Exception {
        try (BlobStorage storage = new BlobStorage(URI.create("https://" + registries.basic().authority() + "/"),
                registries.certificates().clientContext())) {
            proxy.once("GET", "/blobs/", new FaultProxy.Redirect(storage.base()));
            Path part = temp.resolve("layer.part");
            try (ArtifactStore store = throughProxy()) {
                store.fetchBlob(sample.layer(0), part, TransferListener.NONE);
            }
            assertPulledWhole(part);
            assertEquals(List.of(false), storage.authorizationSeen);
            assertTrue(proxy.seen.stream().filter(s -> s.path().contains("/blobs/")).anyMatch(FaultProxy.Seen::authorized));
        }
    }

    @Test
    void aCorruptBlobFailsClearlyAndDeletesThePart() throws Exception {
        proxy.once("GET", "/blobs/", new FaultProxy.Corrupt(2_123_456));
        Path part = temp.resolve("layer.part");
        try (ArtifactStore store = throughProxy()) {
            OciException failure = assertThrows(OciException.class,
                    () -> store.fetchBlob(sample.layer(0), part, TransferListener.NONE));
            assertEquals(OciException.Kind.INTEGRITY, failure.kind());
            assertTrue(failure.getMessage().contains(sample.layer(0).digest().toString()), failure.getMessage());
        }
        assertFalse(Files.exists(part));
    }

    @Test
    void aDiskThatFillsUpStopsTheDownloadAndTheNextRunResumes() throws Exception {
        Path part = temp.resolve("layer.part");
        long[] written = {0};
        PartWriter fullAfterOneWrite = (channel, data) -> {
            if (written[0] > 0) {
                throw new IOException("No space left on device");
            }
            written[0] += data.remaining();
            PartWriter.DIRECT.append(channel, data);
        };
        try (ArtifactStore store = throughProxy()) {
            IOException failure = assertThrows(IOException.class,
                    () -> store.fetchBlob(sample.layer(0), part, TransferListener.NONE, fullAfterOneWrite));
            assertFalse(failure instanceof OciException, "a local disk failure is not a registry failure");
            assertEquals("No space left on device", failure.getMessage());
            assertEquals(written[0], Files.size(part));
            assertTrue(written[0] > 0 && written[0] < BLOB, "stopped part-way: " + written[0]);
            store.fetchBlob(sample.layer(0), part, TransferListener.NONE);
        }
        assertPulledWhole(part);
        assertEquals("bytes=" + written[0] + "-", blobRanges().get(blobRanges().size() - 1));
    }

    @Test
    void aKilledDownloadResumesFromItsPartFileWhenRunAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        proxy.once("GET", "/blobs/", new FaultProxy.StallAfter(1_500_000, release));
        Path part = temp.resolve("layer.part");
        Descriptor layer = sample.layer(0);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.vhdboot.oci.testing.KillableDownload",
                "oci://" + proxy.authority() + "/" + repository + ":v1", layer.digest().toString(),
                Long.toString(layer.size()), part.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("child.log").toFile()).start();
        try {
            FileWait.forBytes(temp, part::equals, 1_500_000, Duration.ofSeconds(60), () -> assertTrue(child.isAlive(),
                    () -> "the child ended early: " + read(temp.resolve("child.log"))));
            assertEquals(1_500_000, Files.size(part));
        } finally {
            child.destroyForcibly().waitFor();
            release.countDown();
        }
        try (ArtifactStore store = throughProxy()) {
            store.fetchBlob(layer, part, TransferListener.NONE);
        }
        assertPulledWhole(part);
        assertEquals("bytes=1500000-", blobRanges().get(blobRanges().size() - 1));
    }

    @Test
    void twoDownloadsIntoOnePartFileCannotInterleave() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        proxy.once("GET", "/blobs/", new FaultProxy.StallAfter(50_000, release));
        Path part = temp.resolve("layer.part");
        try (ArtifactStore first = throughProxy(); ArtifactStore second = throughProxy()) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    first.fetchBlob(sample.layer(0), part, TransferListener.NONE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            FileWait.forBytes(temp, part::equals, 50_000, Duration.ofSeconds(30), () -> {
            });
            OciException busy = assertThrows(OciException.class,
                    () -> second.fetchBlob(sample.layer(0), part, TransferListener.NONE));
            assertEquals(OciException.Kind.BUSY, busy.kind());
            release.countDown();
            running.get();
        }
        assertPulledWhole(part);
    }

    @Test
    void aTagMovedDuringAPullDoesNotChangeWhatThePullGets() throws Exception {
        SampleArtifact other = SampleArtifact.create(temp, 8, 20_000);
        try (ArtifactStore store = throughProxy()) {
            ArtifactStore.ResolvedManifest pinned = store.resolve("v1");
            try (ArtifactStore direct = RegistryStoreTest.store(registries.basic(), RegistryStoreTest.options(registries),
                    repository)) {
                other.pushTo(direct, "v1");
            }
            assertNotEquals(pinned.digest(), store.resolve("v1").digest());
            ImageManifest again = store.fetchManifest(pinned.digest());
            assertEquals(sample.artifact(), VersionArtifact.fromManifest(again));
            Path part = temp.resolve("layer.part");
            store.fetchBlob(VersionArtifact.fromManifest(again).layers().get(0).toDescriptor(), part, TransferListener.NONE);
            assertPulledWhole(part);
        }
    }

    @Test
    void aFailedUploadChunkResumesFromWhatTheRegistryHolds() throws Exception {
        SampleArtifact fresh = SampleArtifact.create(temp, 12, 200_000);
        proxy.once("PATCH", "/blobs/uploads/", new FaultProxy.Status(500, Map.of()));
        TransportOptions options = TransportOptions.defaults()
                .withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY)
                .withCredentials(new Credentials(TestRegistry.USER, TestRegistry.PASSWORD.toCharArray()))
                .withRetry(RetryPolicy.defaults().withSleeper(waits::add))
                .withUploadChunkSize(64 << 10);
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci://" + proxy.authority() + "/"
                + repository + ":v1"), options)) {
            assertEquals(ArtifactStore.PushResult.UPLOADED, store.pushBlob(fresh.layer(0),
                    BlobSource.of(fresh.files().get(0)), java.util.Optional.empty(), TransferListener.NONE));
            Path part = temp.resolve("back.part");
            store.fetchBlob(fresh.layer(0), part, TransferListener.NONE);
            assertArrayEquals(Files.readAllBytes(fresh.files().get(0)), Files.readAllBytes(part));
        }
        assertTrue(proxy.seen.stream().anyMatch(s -> s.method().equals("GET") && s.path().contains("/blobs/uploads/")),
                "asked the registry where the session stands");
        assertEquals(1, proxy.seen.stream().filter(s -> s.method().equals("POST") && s.authorized()).count(),
                "one upload session: " + proxy.seen);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log)";
        }
    }

}
