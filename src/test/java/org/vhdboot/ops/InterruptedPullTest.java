package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.LastPull;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.oci.Digest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code status} makes of downloads in a layout folder, which is hostile input: only files named exactly as a
 * pull names its downloads count, whatever else looks like one; the reference to resume with comes from
 * {@code [last_pull]} only when it is one; a version recorded already has its download called left over, and a pull
 * running right now is not called interrupted. The download a really killed pull leaves is
 * {@link ImagePullKillTest}'s.
 */
class InterruptedPullTest {
    private static final Digest BLOB = Digest.of("layer".getBytes(StandardCharsets.US_ASCII));
    private static final String HEX16 = BLOB.hex().substring(0, 16);

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private Path folder;

    @BeforeEach
    void aLayout() throws Exception {
        folder = LayoutFixture.initialized(Files.createDirectories(dir.resolve("lab")), world).folder;
    }

    private Path download(String version, long size, int held) throws Exception {
        Path part = VersionFiles.of(FleetFixture.layout(folder), VersionRecords.ref(version)).part(BLOB, size);
        return Files.write(part, new byte[held]);
    }

    @Test
    void onlyNamesAPullGivesItsDownloadsCount() throws Exception {
        Path real = download("2027-01", 3 << 20, 1000);
        assertEquals("Gold-v-2027-01." + HEX16 + "." + (3 << 20) + ".vhdboot-part", real.getFileName().toString());
        for (String name : List.of(
                "Gold-v-2027-01." + HEX16.toUpperCase() + ".5.vhdboot-part",
                "gold-v-2027-01." + HEX16 + ".5.vhdboot-part",
                "Gold-v-Big." + HEX16 + ".5.vhdboot-part",
                "Gold-v-con." + HEX16 + ".5.vhdboot-part",
                "Gold-v-.x." + HEX16 + ".5.vhdboot-part",
                "Gold-v-2027-01." + HEX16 + ".0042.vhdboot-part",
                "Gold-v-2027-01." + HEX16 + ".9999999999999999999.vhdboot-part",
                "Gold-v-2027-01." + HEX16 + ".vhdboot-part",
                "Gold-v-2027-01." + HEX16.substring(1) + ".5.vhdboot-part",
                "Gold-v-2027-01." + HEX16 + ".5.vhdboot-part.txt",
                "Gold-v-base." + HEX16 + ".5.vhdboot-part")) {
            Files.write(folder.resolve(name), new byte[7]);
        }
        Files.createDirectory(folder.resolve("Gold-v-folder." + HEX16 + ".5.vhdboot-part"));
        Path outside = Files.write(dir.resolve("outside"), new byte[99]);
        Files.createSymbolicLink(folder.resolve("Gold-v-link." + HEX16 + ".5.vhdboot-part"), outside);

        InterruptedPull found = world.status(folder).interruptedPull();
        assertEquals(List.of(new InterruptedPull.Download("2027-01", false, real.getFileName().toString(),
                "sha256:" + HEX16, 1000, 3 << 20)), found.downloads());
        assertNull(found.reference());
        assertTrue(found.message().endsWith("run `vhdboot image pull REF` again to resume (REF: the reference that"
                + " pull was given)"), found.message());
    }

    @Test
    void theReferenceToResumeWithIsTheLastRecordedPull() throws Exception {
        download("2027-01", 2000, 500);
        recordLastPull("oci://registry.lab:5000/win11:stable");
        InterruptedPull found = world.status(folder).interruptedPull();
        assertEquals("oci://registry.lab:5000/win11:stable", found.reference());
        assertEquals("an interrupted pull left its downloads: version 2027-01: 25% of the blob (500 of 2000 bytes) in"
                + " Gold-v-2027-01." + HEX16 + ".2000.vhdboot-part; run `vhdboot image pull"
                + " oci://registry.lab:5000/win11:stable` again to resume", found.message());
    }

    @Test
    void aRecordedVersionsDownloadIsLeftOverAndARunningPullIsNotInterrupted() throws Exception {
        new ImageCommitOperation(world.context()).run(FleetFixture.layout(folder),
                new ImageCommitOperation.Options("2026-12", Optional.empty(), false, TransferProgress.NONE));
        download("2026-12", 2000, 2000);
        InterruptedPull leftOver = world.status(folder).interruptedPull();
        assertTrue(leftOver.downloads().get(0).recorded());
        assertEquals("version 2026-12 is recorded, and its download Gold-v-2026-12." + HEX16 + ".2000.vhdboot-part"
                + " (2000 bytes) is left over: delete it, or the next `vhdboot image pull REF` removes it",
                leftOver.message());

        download("2027-01", 2000, 3000);
        try (LayoutLock transfer = LayoutLock.acquire(folder, "image pull", ImagePullOperation.TRANSFER_LOCK)) {
            InterruptedPull running = world.status(folder).interruptedPull();
            assertTrue(running.running());
            assertTrue(running.message().contains("running on this layout right now"), running.message());
        }
        assertTrue(world.status(folder).interruptedPull().message().contains("version 2027-01: 3000 bytes, more than"
                + " the blob's 2000 (the next pull starts it over)"));
    }

    private void recordLastPull(String reference) throws Exception {
        Layout layout = FleetFixture.layout(folder);
        Instant now = Instant.parse("2026-12-01T02:10:00Z");
        layout.setLastPull(new LastPull(reference, now, now, false, null, null, "the scheduled pull failed"));
        LayoutFile.save(layout, new FileSteps(IoStepHook.NONE));
    }
}
