package org.vhdboot.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.OperationException;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.PartWriter;
import org.vhdboot.oci.testing.BlobStorage;
import org.vhdboot.oci.testing.FaultProxy;
import org.vhdboot.oci.testing.Registries;
import org.vhdboot.testing.FileWait;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults a pull must survive, each injected by a proxy in front of the real registry (or by the disk), on a lab
 * layout: every failure leaves its versions, base, Current, Recovery and {@code vhdboot.ini} exactly as they were,
 * records nothing half-written, and the next run finishes the pull from what arrived.
 */
@ExtendWith(Registries.class)
class ImagePullFaultsTest {
    private static final int LAYER = 3 << 20;

    @TempDir
    Path temp;

    private Registries.Set registries;
    private FleetFixture fleet;
    private FaultProxy proxy;
    private String repository;
    private String viaProxy;
    private FolderSnapshot before;

    @BeforeEach
    void publishAVersion(Registries.Set given) throws Exception {
        registries = given;
        fleet = FleetFixture.vhdx(temp, new TestWorld());
        fleet.commit("2026-11", "base", LAYER, 11);
        repository = "fleet/faults-" + Long.toHexString(System.nanoTime());
        fleet.push("2026-11", "oci://" + registries.basic().authority() + "/" + repository + ":stable",
                FleetFixture.access(registries));
        proxy = new FaultProxy(URI.create("https://" + registries.basic().authority() + "/"),
                registries.certificates().clientContext());
        viaProxy = "oci://" + proxy.authority() + "/" + repository + ":stable";
        before = fleet.labRecord();
    }

    @AfterEach
    void stopTheProxy() {
        proxy.close();
    }

    private ImagePullOperation.Result pull() throws Exception {
        return fleet.pull(viaProxy, FleetFixture.plainAccess());
    }

    private List<String> blobRanges() {
        return proxy.seen.stream().filter(s -> s.method().equals("GET") && s.path().contains("/blobs/"))
                .map(FaultProxy.Seen::range).toList();
    }

    /** A failed pull changed nothing the layout records. */
    private void assertUntouched() throws Exception {
        assertEquals(before, fleet.labRecord());
        assertTrue(FleetFixture.layout(fleet.lab).tree().find(new ImageRef(ImageRef.Kind.VERSION, "2026-11")).isEmpty());
    }

    /**
     * A failed pull that kept its download: nothing recorded, the part there; the next run asks for the rest only,
     * from {@code held} bytes on, and records the version.
     */
    private void assertResumedFrom(long held) throws Exception {
        assertUntouched();
        assertTrue(fleet.labFiles().stream().anyMatch(n -> n.endsWith(".vhdboot-part")), fleet.labFiles().toString());
        fleet.world.with(PartWriter.class, PartWriter.DIRECT);
        assertEquals(List.of("2026-11"), pull().pulled());
        assertPulled();
        assertEquals("bytes=" + held + "-", blobRanges().get(blobRanges().size() - 1));
    }

    /** The pull's outcome: the version recorded, reading as the master's, no download left behind. */
    private void assertPulled() throws Exception {
        assertArrayEquals(fleet.reads(fleet.masterFile("2026-11")), fleet.reads(fleet.labFile("2026-11")));
        assertTrue(fleet.labFiles().stream().noneMatch(n -> n.contains(".vhdboot-")), fleet.labFiles().toString());
    }

    @Test
    void aConnectionDroppedMidBlobResumesWithARangeRequest() throws Exception {
        proxy.once("GET", "/blobs/", new FaultProxy.DropAfter(1_000_000));
        assertEquals(List.of("2026-11"), pull().pulled());
        assertPulled();
        List<String> ranges = blobRanges();
        assertTrue(ranges.get(ranges.size() - 1).matches("bytes=[1-9][0-9]*-"), ranges.toString());
        assertEquals(1, fleet.world.reporter.warnings.size(), fleet.world.reporter.warnings.toString());
        assertTrue(fleet.world.reporter.warnings.get(0).matches(Pattern.quote(proxy.authority())
                + ": the download broke off after [1-9][0-9]* of [0-9]+ bytes; trying again in 500 ms \\(attempt 2 of"
                + " 5\\)"), fleet.world.reporter.warnings.toString());
    }

    @Test
    void answers500And429AreRetriedAndTheRedirectToBlobStorageFollowed() throws Exception {
        proxy.once("GET", "/manifests/", new FaultProxy.Status(500, Map.of()));
        proxy.once("GET", "/blobs/", new FaultProxy.Status(429, Map.of("Retry-After", "3")));
        proxy.once("GET", "/blobs/", new FaultProxy.Status(503, Map.of()));
        try (BlobStorage storage = new BlobStorage(URI.create("https://" + registries.basic().authority() + "/"),
                registries.certificates().clientContext())) {
            proxy.once("GET", "/blobs/", new FaultProxy.Redirect(storage.base()));
            assertEquals(List.of("2026-11"), pull().pulled());
            assertEquals(List.of(false), storage.authorizationSeen, "the credentials stay with the registry");
        }
        assertPulled();
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMillis(1000)), fleet.waits);
        // Each wait is told, so a pull that seems to stall says why.
        String registry = proxy.authority();
        assertEquals(List.of(registry + " answered 500; trying again in 500 ms (attempt 2 of 5)",
                registry + " answered 429; trying again in 3 s (attempt 2 of 5)",
                registry + " answered 503; trying again in 1 s (attempt 3 of 5)"), fleet.world.reporter.warnings);
    }

    /** A registry that is down: each of the four waits says so, then the pull fails as unreachable. */
    @Test
    void aRegistryThatRefusesConnectionsIsTriedFiveTimesEachWaitTold() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String down = "127.0.0.1:" + closed;
        OciException refused = assertThrows(OciException.class,
                () -> fleet.pull("oci://" + down + "/" + repository + ":stable", FleetFixture.plainAccess()));
        assertEquals(OciException.Kind.UNREACHABLE, refused.kind());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4)), fleet.waits);
        String why = "cannot reach " + down + ": connection refused or unreachable; trying again in ";
        assertEquals(List.of(why + "500 ms (attempt 2 of 5)", why + "1 s (attempt 3 of 5)", why + "2 s (attempt 4 of 5)",
                why + "4 s (attempt 5 of 5)"), fleet.world.reporter.warnings);
        assertUntouched();
    }

    @Test
    void aCorruptBlobFailsClearlyKeepsNothingAndTheNextRunPullsItWhole() throws Exception {
        proxy.once("GET", "/blobs/", new FaultProxy.Corrupt(2_000_000));
        OciException corrupt = assertThrows(OciException.class, this::pull);
        assertEquals(OciException.Kind.INTEGRITY, corrupt.kind());
        assertTrue(corrupt.getMessage().contains("partial file was deleted"), corrupt.getMessage());
        assertTrue(corrupt.getMessage().matches("version \\S+: blob sha256:\\p{XDigit}{64} arrived with digest .*"),
                "named by its version: " + corrupt.getMessage());
        assertUntouched();
        assertTrue(fleet.labFiles().stream().noneMatch(n -> n.contains(".vhdboot-")), fleet.labFiles().toString());
        pull();
        assertPulled();
    }

    /** A disk that fills once 1 MiB of the download is written; returns what was written, as it grows. */
    private long[] diskFullAfterOneMebibyte() {
        long[] written = {0};
        fleet.world.with(PartWriter.class, (channel, data) -> {
            if (written[0] >= 1 << 20) {
                throw new IOException("No space left on device");
            }
            written[0] += data.remaining();
            PartWriter.DIRECT.append(channel, data);
        });
        return written;
    }

    @Test
    void aDiskThatFillsMidDownloadKeepsThePartAndTheNextRunResumesIt() throws Exception {
        long[] written = diskFullAfterOneMebibyte();
        IOException full = assertThrows(IOException.class, this::pull);
        assertFalse(full instanceof OciException, "the disk's failure, not the registry's");
        assertTrue(full.getMessage().startsWith("the pull of 2026-11 into " + fleet.lab + " stopped: No space left on"
                + " device; what arrived is kept"), full.getMessage());
        assertResumedFrom(written[0]);
    }

    /**
     * A disk that filled is short of room by definition: the resume asks for room for the rest of the blob and the
     * image only, not for the whole blob again beside the part it kept.
     */
    @Test
    void theResumeAfterAFullDiskNeedsRoomOnlyForWhatIsStillToCome() throws Exception {
        diskFullAfterOneMebibyte();
        assertThrows(IOException.class, this::pull);
        Path part;
        try (var files = Files.list(fleet.lab)) {
            part = files.filter(f -> f.getFileName().toString().endsWith(".vhdboot-part")).findFirst().orElseThrow();
        }
        long blobSize = Long.parseLong(part.getFileName().toString().replaceAll(".*\\.([0-9]+)\\.vhdboot-part$", "$1"));
        long held = Files.size(part);
        fleet.world.platform.freeBytes = blobSize - held + Files.size(fleet.masterFile("2026-11"));
        assertResumedFrom(held);
    }

    /**
     * The agent's pull has a deadline (the machine waits in Recovery meanwhile): a download still running then stops,
     * keeps what arrived, and the next run resumes from it.
     */
    @Test
    void aDownloadStillRunningAtItsDeadlineStopsAndTheNextRunResumesIt() throws Exception {
        SkippingClock clock = new SkippingClock();
        fleet.world.with(Clock.class, clock);
        long[] written = {0};
        fleet.world.with(PartWriter.class, (channel, data) -> {
            written[0] += data.remaining();
            PartWriter.DIRECT.append(channel, data);
            if (written[0] >= 1 << 20) {
                clock.skip(Duration.ofHours(3)); // the link is slow tonight
            }
        });
        Instant until = clock.instant().plus(ScheduledPull.PULL_TIME);
        OciException late = assertThrows(OciException.class, () -> new ImagePullOperation(fleet.world.context()).run(
                FleetFixture.layout(fleet.lab), new ImagePullOperation.Options(viaProxy, FleetFixture.plainAccess(),
                        TransferProgress.NONE, Optional.of(until))));
        assertTrue(late.getMessage().startsWith("the download of 2026-11 was still running at " + until
                + ", the end of its time; the "), late.getMessage());
        assertResumedFrom(written[0]);
    }

    /**
     * The deadline holds however the registry answers: one that stalls mid-blob inside its timeouts (a minute of
     * silence is allowed, then five attempts) is left when the time runs out, and the next run resumes.
     */
    @Test
    void aRegistryStallingInsideItsTimeoutsIsLeftAtTheDeadlineAndTheNextRunResumes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        proxy.once("GET", "/blobs/", new FaultProxy.StallAfter(500_000, release));
        Instant until = Instant.now().plusSeconds(3);
        long started = System.nanoTime();
        try {
            OciException late = assertThrows(OciException.class, () -> new ImagePullOperation(fleet.world.context())
                    .run(FleetFixture.layout(fleet.lab), new ImagePullOperation.Options(viaProxy,
                            FleetFixture.plainAccess(), TransferProgress.NONE, Optional.of(until))));
            assertEquals(OciException.Kind.UNREACHABLE, late.kind());
            assertTrue(late.getMessage().contains("ran out; what arrived is kept for the next run"), late.getMessage());
        } finally {
            release.countDown();
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) < 0);
        Path part;
        try (var files = Files.list(fleet.lab)) {
            part = files.filter(f -> f.getFileName().toString().endsWith(".vhdboot-part")).findFirst().orElseThrow();
        }
        assertResumedFrom(Files.size(part));
    }

    /** The system clock, moved on by {@link #skip} as a test says. */
    private static final class SkippingClock extends Clock {
        private volatile Duration skipped = Duration.ZERO;

        void skip(Duration more) {
            skipped = skipped.plus(more);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(skipped);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * Unpacked and checked, the version's record then meets a full disk: said as such, the record finished or undone
     * at once (here finished: the disk had room again), and the next run pulls the rest.
     */
    @Test
    void aDiskThatFillsWhileRecordingSaysSoAndTheNextRunRecords() throws Exception {
        boolean[] filled = {false};
        fleet.world.with(IoStepHook.class, (step, path, position, length) -> {
            if (!filled[0] && step == IoStepHook.Step.WRITE && path.getFileName().toString().endsWith(".ini")) {
                filled[0] = true;
                throw new IOException("No space left on device");
            }
        });
        IOException full = assertThrows(IOException.class, this::pull);
        assertTrue(filled[0], "the record was reached");
        assertTrue(full.getMessage().startsWith("recording pulled version 2026-11 stopped: No space left on device;"
                + " nothing is lost or left half done"), full.getMessage());
        assertFalse(Files.exists(fleet.lab.resolve(OperationJournal.FILE_NAME)), "finished or undone at once");

        fleet.world.with(IoStepHook.class, IoStepHook.NONE);
        pull();
        assertPulled();
    }

    @Test
    void aDiskThatFillsWhileUnpackingKeepsTheDownloadForTheNextRun() throws Exception {
        fleet.world.with(IoStepHook.class, (step, path, position, length) -> {
            if (step == IoStepHook.Step.WRITE && path.getFileName().toString().contains(".vhdboot-tmp.")
                    && position >= 1 << 20) {
                throw new IOException("No space left on device");
            }
        });
        IOException full = assertThrows(IOException.class, this::pull);
        assertTrue(full.getMessage().contains("stopped: No space left on device; what arrived is kept"),
                full.getMessage());
        assertUntouched();
        int gets = blobRanges().size();

        fleet.world.with(IoStepHook.class, IoStepHook.NONE);
        pull();
        assertPulled();
        assertEquals(gets, blobRanges().size(), "unpacked again from the download kept, nothing fetched twice");
    }

    @Test
    void aSecondPullOnTheSameLayoutIsBusyWhileTheFirstRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        proxy.once("GET", "/blobs/", new FaultProxy.StallAfter(500_000, release));
        CompletableFuture<ImagePullOperation.Result> first = CompletableFuture.supplyAsync(() -> {
            try {
                return pull();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            awaitPart(500_000);
            OperationException busy = assertThrows(OperationException.class, this::pull);
            assertEquals(OperationException.Kind.BUSY, busy.kind());
            assertTrue(busy.getMessage().contains("image pull"), busy.getMessage());
        } finally {
            release.countDown();
        }
        assertEquals(List.of("2026-11"), first.get().pulled());
        assertPulled();
    }

    @Test
    void aTagMovedDuringAPullDoesNotMixTwoImages() throws Exception {
        fleet.commit("2027-01", "base", 1 << 20, 21);
        CountDownLatch release = new CountDownLatch(1);
        proxy.once("GET", "/blobs/", new FaultProxy.StallAfter(500_000, release));
        CompletableFuture<ImagePullOperation.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return pull();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            awaitPart(500_000);
            fleet.push("2027-01", "oci://" + registries.basic().authority() + "/" + repository + ":stable",
                    FleetFixture.access(registries));
        } finally {
            release.countDown();
        }
        ImagePullOperation.Result result = running.get();
        assertEquals("2026-11", result.top());
        assertPulled();
        assertTrue(FleetFixture.layout(fleet.lab).tree().find(new ImageRef(ImageRef.Kind.VERSION, "2027-01")).isEmpty());
        assertEquals(List.of("2027-01"), pull().pulled(), "the next pull sees where the tag points now");
    }

    private void awaitPart(long bytes) throws Exception {
        FileWait.forBytes(fleet.lab, f -> f.toString().endsWith(".vhdboot-part"), bytes, Duration.ofSeconds(30), () -> {
        });
    }
}
