package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.oci.testing.FaultProxy;
import org.vhdboot.oci.testing.Registries;
import org.vhdboot.oci.testing.TestRegistry;
import org.vhdboot.testing.FileWait;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vhdboot image pull} in a process of its own, killed with SIGKILL part-way through a layer's download, then
 * run again: the layout is as it was, {@code status} shows the download kept and how to resume it, the download
 * resumes with a range request from what reached the disk, and the version is recorded whole.
 */
@ExtendWith(Registries.class)
class ImagePullKillTest {
    private static final int STALL_AT = 1_500_000;

    @TempDir
    Path temp;

    @Test
    void aPullKilledMidDownloadResumesWhenRunAgain(Registries.Set registries) throws Exception {
        FleetFixture fleet = FleetFixture.vhdx(temp, new TestWorld());
        fleet.commit("2026-11", "base", 3 << 20, 11);
        String repository = "fleet/kill-" + Long.toHexString(System.nanoTime());
        ImagePushOperation.Result pushed = fleet.push("2026-11", "oci://" + registries.basic().authority() + "/"
                + repository + ":stable", FleetFixture.access(registries));
        FolderSnapshot before = fleet.labRecord();
        try (FaultProxy proxy = new FaultProxy(URI.create("https://" + registries.basic().authority() + "/"),
                registries.certificates().clientContext())) {
            CountDownLatch release = new CountDownLatch(1);
            proxy.once("GET", "/blobs/", new FaultProxy.StallAfter(STALL_AT, release));
            String reference = "oci://" + proxy.authority() + "/" + repository + ":stable";
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "org.vhdboot.cli.VhdbootCommand", "image", "pull",
                    reference, "--layout", fleet.lab.toString(), "--insecure", "--username", TestRegistry.USER,
                    "--password-stdin", "-q")
                    .redirectErrorStream(true).redirectOutput(temp.resolve("child.log").toFile()).start();
            try {
                try (OutputStream stdin = child.getOutputStream()) {
                    stdin.write((TestRegistry.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
                }
                Path part = awaitPart(fleet.lab, child, temp.resolve("child.log"));
                assertEquals(STALL_AT, Files.size(part));
            } finally {
                child.destroyForcibly().waitFor();
                release.countDown();
            }
            // A kill leaves the download and the half-unpacked temporary image; nothing the layout records changes.
            assertEquals(before, fleet.labRecord().only(name -> !name.contains(".vhdboot-tmp.")),
                    "killed mid-download: nothing recorded changed");
            assertStatusShowsTheDownload(fleet, pushed.layers().get(1));

            ImagePullOperation.Result again = fleet.pull(reference, FleetFixture.plainAccess());
            assertEquals(List.of("2026-11"), again.pulled());
            List<String> ranges = proxy.seen.stream().filter(s -> s.method().equals("GET") && s.path().contains("/blobs/"))
                    .map(FaultProxy.Seen::range).toList();
            assertEquals("bytes=" + STALL_AT + "-", ranges.get(ranges.size() - 1), ranges.toString());
            assertTrue(again.bytesTransferred() < again.layers().get(1).blobSize(), "only the rest moved");
            assertNull(fleet.world.status(fleet.lab).interruptedPull(), "nothing left to resume");
        }
        assertArrayEquals(fleet.reads(fleet.masterFile("2026-11")), fleet.reads(fleet.labFile("2026-11")));
    }

    /**
     * {@code status} shows the download the kill left, by what its name and size say, and how to resume it; the lab
     * records no pull, so the reference is the placeholder. The JSON a monitoring script reads says the same.
     */
    private static void assertStatusShowsTheDownload(FleetFixture fleet, ImagePushOperation.Layer layer)
            throws Exception {
        StatusOperation.Report status = fleet.world.status(fleet.lab);
        InterruptedPull interrupted = status.interruptedPull();
        String part = "Gold-v-2026-11." + layer.digest().substring("sha256:".length(), "sha256:".length() + 16) + "."
                + layer.blobSize() + ".vhdboot-part";
        assertEquals(List.of(new InterruptedPull.Download("2026-11", false, part, layer.digest().substring(0, 23),
                STALL_AT, layer.blobSize())), interrupted.downloads());
        assertFalse(interrupted.running());
        assertNull(interrupted.reference());
        assertTrue(interrupted.message().startsWith("an interrupted pull left its downloads: version 2026-11: "
                + STALL_AT * 100 / layer.blobSize() + "% of the blob (" + STALL_AT + " of " + layer.blobSize()
                + " bytes) in " + part + "; run `vhdboot image pull REF` again to resume"), interrupted.message());
        assertTrue(status.warnings().contains(interrupted.message()), status.warnings().toString());
        assertTrue(status.healthy(), "a download kept to resume is no problem: " + status.problems());

        CommandRun json = CommandRun.with(fleet.world.services(), "status", "--json", "--layout", fleet.lab.toString());
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode download = new ObjectMapper().readTree(json.out()).get("interrupted_pull").get("downloads").get(0);
        assertEquals("2026-11", download.get("version").asText());
        assertEquals(part, download.get("file").asText());
        assertEquals(STALL_AT, download.get("bytes_held").asLong());
        assertEquals(layer.blobSize(), download.get("blob_size").asLong());
        assertFalse(download.get("recorded").asBoolean());
    }

    private static Path awaitPart(Path folder, Process child, Path log) throws Exception {
        return FileWait.forBytes(folder, f -> f.toString().endsWith(".vhdboot-part"), STALL_AT, Duration.ofSeconds(60),
                () -> assertTrue(child.isAlive(), () -> "the pull ended early: " + read(log)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
