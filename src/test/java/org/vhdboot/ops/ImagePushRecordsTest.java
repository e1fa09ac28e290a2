package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.testing.Registries;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A push records in {@code vhdboot.ini} what each version was published as, and a pull what each version came from,
 * so a later push asks the registry (the real one, over TLS with htpasswd auth) for those blobs first and compresses
 * only the layers it lacks: a chain pushed again with a new version on top, or a pulled chain pushed to a replica
 * that has its blobs. The images published that way pull as the originals do.
 */
@ExtendWith(Registries.class)
class ImagePushRecordsTest {
    @TempDir
    Path temp;

    private Registries.Set registries;
    private FleetFixture fleet;
    private String repository;

    @BeforeEach
    void twoLayouts(Registries.Set given) throws Exception {
        registries = given;
        fleet = FleetFixture.vhdx(temp, new TestWorld());
        repository = repository("fleet");
    }

    private String repository(String name) {
        return "oci://" + registries.basic().authority() + "/" + name + "/" + Long.toHexString(System.nanoTime());
    }

    private static List<Boolean> compressed(ImagePushOperation.Result result) {
        return result.layers().stream().map(ImagePushOperation.Layer::compressed).toList();
    }

    private static List<String> results(ImagePushOperation.Result result) {
        return result.layers().stream().map(ImagePushOperation.Layer::result).toList();
    }

    private TreeImage recorded(Path layout, String version) throws Exception {
        return FleetFixture.layout(layout).tree().get(VersionRecords.ref(version));
    }

    @Test
    void aPushOnTopOfAPushedChainCompressesOnlyTheNewLayer() throws Exception {
        fleet.commit("2026-11", "base", 2 << 20, 11);
        ImagePushOperation.Result first = fleet.push("2026-11", repository + ":2026-11",
                FleetFixture.access(registries));
        assertEquals(List.of(true, true), compressed(first));
        TreeImage november = recorded(fleet.master, "2026-11");
        assertEquals(first.layers().get(1).digest(), november.published().blob().toString());
        assertEquals(november.sha256(), november.published().fileSha256());
        assertNotNull(recorded(fleet.master, "base").published(), "the base was hashed and compressed: both recorded");
        ImagePushOperation.Result again = fleet.push("2026-11", repository + ":2026-11",
                FleetFixture.access(registries));
        assertEquals(first.digest(), again.digest(), "the same version pushed again is the same manifest");

        fleet.commit("2026-12", "2026-11", 1 << 20, 12);
        ImagePushOperation.Result second = fleet.push("2026-12", repository + ":2026-12",
                FleetFixture.access(registries));
        assertEquals(List.of(false, false, true), compressed(second), "the layers pushed before are not compressed");
        assertEquals(List.of("already_present", "already_present", "uploaded"), results(second));
        assertEquals(first.layers().stream().map(ImagePushOperation.Layer::digest).toList(),
                second.layers().subList(0, 2).stream().map(ImagePushOperation.Layer::digest).toList());

        ImagePullOperation.Result pulled = fleet.pull(repository + ":2026-12", FleetFixture.access(registries));
        assertEquals(List.of("2026-11", "2026-12"), pulled.pulled());
        assertArrayEquals(fleet.reads(fleet.masterFile("2026-12")), fleet.reads(fleet.labFile("2026-12")));
    }

    @Test
    void aPulledChainPushedToAReplicaThatHasItsBlobsCompressesNothing() throws Exception {
        fleet.commit("2026-11", "base", 2 << 20, 11);
        String replica = repository("replica");
        fleet.push("2026-11", repository + ":stable", FleetFixture.access(registries));
        fleet.push("2026-11", replica + ":stable", FleetFixture.access(registries));
        fleet.pull(repository + ":stable", FleetFixture.access(registries));
        TreeImage pulled = recorded(fleet.lab, "2026-11");
        assertNotEquals(pulled.sha256(), pulled.sourceSha256(), "relocated onto the lab's base");
        assertEquals(pulled.sourceSha256(), pulled.published().fileSha256(), "the blob holds the file as published");
        assertNotNull(recorded(fleet.lab, "base").published(), "the base the image shares with the lab");

        ImagePushOperation.Result fromLab = new ImagePushOperation(fleet.world.context()).run(
                FleetFixture.layout(fleet.lab), new ImagePushOperation.Options("2026-11", replica + ":from-lab",
                        FleetFixture.access(registries), org.vhdboot.oci.LayerCompression.ZSTD,
                        java.util.Optional.empty(), TransferProgress.NONE));
        assertEquals(List.of(false, false), compressed(fromLab));
        assertEquals(List.of("already_present", "already_present"), results(fromLab));
        assertEquals(0, fromLab.bytesUploaded());

        // The master's own layers, published by the lab: the master has them all.
        ImagePullOperation.Result atMaster = new ImagePullOperation(fleet.world.context()).run(
                FleetFixture.layout(fleet.master), new ImagePullOperation.Options(replica + ":from-lab",
                        FleetFixture.access(registries), TransferProgress.NONE));
        assertEquals(List.of("present", "present"), atMaster.layers().stream()
                .map(ImagePullOperation.Layer::status).toList());
    }

    @Test
    void aRecordThatNoLongerHoldsTheVersionsFileIsIgnoredAndReplaced() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        TreeImage november = recorded(fleet.master, "2026-11");
        Path ini = fleet.master.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replace("published_sha256 = " + november.sha256(),
                "published_sha256 = " + "0".repeat(64)));
        assertEquals(java.util.Optional.empty(), recorded(fleet.master, "2026-11").publishedBlob());

        ImagePushOperation.Result again = fleet.push("2026-11", repository + ":again", FleetFixture.access(registries));
        assertEquals(List.of(false, true), compressed(again), "the stale record is not trusted");
        assertEquals(List.of("already_present", "already_present"), results(again));
        assertEquals(november.published(), recorded(fleet.master, "2026-11").published(), "recorded again");
        assertEquals(FileDigests.sha256(fleet.masterFile("2026-11")), november.published().fileSha256());
    }

    /**
     * A record naming the blob of a version under it (a hand edit, a restored ini) would publish an image no layout
     * can pull: the push compresses that version again instead, and a manifest holding one blob twice is refused on
     * both sides.
     */
    @Test
    void aRecordNamingTheBlobOfAVersionBelowIsNotTrusted() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        ImagePushOperation.Result first = fleet.push("2026-11", repository + ":2026-11",
                FleetFixture.access(registries));
        TreeImage base = recorded(fleet.master, "base");
        TreeImage november = recorded(fleet.master, "2026-11");
        Path ini = fleet.master.resolve(Layout.INI_NAME);
        String text = Files.readString(ini);
        int section = text.indexOf("[version.2026-11]");
        String edited = text.substring(section)
                .replace("published_blob = " + november.published().blob(), "published_blob = " + base.published().blob())
                .replace("published_blob_size = " + november.published().blobSize(),
                        "published_blob_size = " + base.published().blobSize());
        Files.writeString(ini, text.substring(0, section) + edited);
        assertEquals(base.published().blob(), recorded(fleet.master, "2026-11").published().blob(), "the edit took");

        ImagePushOperation.Result forged = fleet.push("2026-11", repository + ":forged",
                FleetFixture.access(registries));
        assertEquals(List.of(false, true), compressed(forged));
        assertEquals(first.digest(), forged.digest(), "the same manifest as before the edit");
        assertTrue(fleet.world.reporter.warnings.contains("the record of version 2026-11 in vhdboot.ini names the"
                + " blob of a version under it; 2026-11 is compressed again"), fleet.world.reporter.warnings.toString());
        assertEquals(november.published(), recorded(fleet.master, "2026-11").published(), "recorded right again");
        assertEquals(List.of("2026-11"), fleet.pull(repository + ":forged", FleetFixture.access(registries)).pulled());
    }

    /** A killed push leaves its compressed blob beside the version: status says so, and the next push deletes it. */
    @Test
    void aBlobLeftByAKilledPushIsReportedAndTheNextPushDeletesIt() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        Path left = VersionFiles.of(FleetFixture.layout(fleet.master), VersionRecords.ref("2026-11")).pushBlob();
        Files.write(left, new byte[12345]);
        assertTrue(fleet.world.status(fleet.master).warnings().contains(left.getFileName() + " (12345 bytes) is left"
                + " from an interrupted push of 2026-11; the next push of it deletes it, or delete it yourself"),
                fleet.world.status(fleet.master).warnings().toString());

        ImagePushOperation.Result again = fleet.push("2026-11", repository + ":again", FleetFixture.access(registries));
        assertEquals(List.of("already_present", "already_present"), results(again), "nothing compressed again");
        assertFalse(Files.exists(left));
        assertTrue(fleet.world.status(fleet.master).warnings().stream().noneMatch(w -> w.contains("interrupted push")));
    }

    /**
     * A version changed after it was recorded is refused by name (exit 6) however it would be sent: compressed, the
     * file is read and its SHA-256 compared; uncompressed, the digest comes from the record unread, so the store
     * sees other bytes (a registry, a layout folder), and the refusal says why.
     */
    @Test
    void aVersionChangedSinceItWasRecordedIsRefusedByNameHoweverItIsSent() throws Exception {
        Path file = fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        ReadOnlyMark.unmark(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {42}), Files.size(file) - 4096);
        }
        ReadOnlyMark.mark(file);
        Path folder = temp.resolve("share");
        // Elsewhere: where the recorded blob is, the push sends it as it was recorded, the file unread.
        String elsewhere = repository("changed");
        for (String target : List.of(elsewhere + ":zstd", elsewhere + ":none", "oci-layout:" + folder + ":none")) {
            LayerCompression compression = target.endsWith(":zstd") ? LayerCompression.ZSTD : LayerCompression.NONE;
            OperationException refused = assertThrows(OperationException.class, () -> new ImagePushOperation(
                    fleet.world.context()).run(FleetFixture.layout(fleet.master), new ImagePushOperation.Options(
                    "2026-11", target, FleetFixture.access(registries), compression, Optional.empty(),
                    TransferProgress.NONE)), target);
            assertEquals(OperationException.Kind.PRECONDITION, refused.kind(), target);
            assertTrue(refused.getMessage().startsWith("version 2026-11 (" + file.getFileName() + ") is not the file"
                    + " the layout recorded: its SHA-256 is " + FileDigests.sha256(file)), refused.getMessage());
        }
        try (Stream<Path> blobs = Files.list(folder.resolve("blobs/sha256"))) {
            assertEquals(1, blobs.count(), "the base's blob only: nothing of the changed version is kept");
        }
    }
}
