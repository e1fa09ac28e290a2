package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.testing.FaultProxy;
import org.vhdboot.oci.testing.Registries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code image push} from a master layout and {@code image pull} into a lab layout, through the real registry over
 * TLS with htpasswd auth: each version arrives once, verified, relocated onto the lab's own files and recorded.
 */
@ExtendWith(Registries.class)
class ImagePushPullTest {
    @TempDir
    Path temp;

    private Registries.Set registries;
    private FleetFixture fleet;
    private String repository;

    @BeforeEach
    void twoLayouts(Registries.Set given) throws Exception {
        registries = given;
        fleet = FleetFixture.vhdx(temp, new TestWorld());
        repository = "oci://" + registries.basic().authority() + "/fleet/" + Long.toHexString(System.nanoTime());
    }

    @Test
    void aSecondPullOfAChainTransfersOnlyTheNewLayer() throws Exception {
        fleet.commit("2026-11", "base", 3 << 20, 11);
        ImagePushOperation.Result first = fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        assertEquals(List.of("uploaded", "uploaded"), first.layers().stream().map(ImagePushOperation.Layer::result).toList());

        ImagePullOperation.Result pulled = fleet.pull(repository + ":2026-11", FleetFixture.access(registries));
        assertEquals(List.of("present", "pulled"), pulled.layers().stream().map(ImagePullOperation.Layer::status).toList());
        assertEquals(first.layers().get(1).blobSize(), pulled.bytesTransferred());
        assertEquals("2026-11", pulled.top());

        fleet.commit("2026-12", "2026-11", 1 << 20, 12);
        ImagePushOperation.Result second = fleet.push("2026-12", repository + ":2026-12", FleetFixture.access(registries));
        assertEquals(List.of("already_present", "already_present", "uploaded"),
                second.layers().stream().map(ImagePushOperation.Layer::result).toList(), "blobs are not uploaded again");
        ImagePullOperation.Result again = fleet.pull(repository + ":2026-12", FleetFixture.access(registries));
        assertEquals(List.of("present", "present", "pulled"),
                again.layers().stream().map(ImagePullOperation.Layer::status).toList());
        assertEquals(second.layers().get(2).blobSize(), again.bytesTransferred(), "only the new layer moved");

        Path labTop = fleet.labFile("2026-12");
        assertArrayEquals(fleet.reads(fleet.masterFile("2026-12")), fleet.reads(labTop), "reads as the master's version");
        assertTrue(ReadOnlyMark.isMarked(labTop));
        Layout lab = FleetFixture.layout(fleet.lab);
        TreeImage recorded = lab.tree().get(new ImageRef(ImageRef.Kind.VERSION, "2026-12"));
        assertEquals(java.util.Optional.of(new ImageRef(ImageRef.Kind.VERSION, "2026-11")), recorded.parent());
        assertEquals(FileDigests.sha256(labTop), recorded.sha256());
        assertEquals(FileDigests.sha256(fleet.masterFile("2026-12")), recorded.sourceSha256());
        assertNotEquals(recorded.sourceSha256(), recorded.sha256(), "relocated: its locators name the lab's files");
        assertEquals("monthly updates 2026-12", recorded.note());
        assertEquals(List.of("Gold-Current.vhdx", "Gold-Recovery.vhdx", "Gold-v-2026-11.vhdx", "Gold-v-2026-12.vhdx",
                "Gold.vhdx", "vhdboot.ini", "vhdboot.lock", "vhdboot.log", "vhdboot.transfer.lock"), fleet.labFiles(),
                "the downloads are gone once recorded");

        ImagePullOperation.Result nothing = fleet.pull(repository + ":2026-12", FleetFixture.access(registries));
        assertEquals(0, nothing.bytesTransferred());
        assertEquals(List.of(), nothing.pulled());

        // Relocated: the lab's chain needs nothing of the master's folder.
        byte[] expected = fleet.reads(fleet.masterFile("2026-12"));
        Files.move(fleet.master, temp.resolve("master-gone"));
        assertArrayEquals(expected, fleet.reads(labTop));
    }

    /** An auth file made for the registry's other name ("registry.lab") says so, not just "requires credentials". */
    @Test
    void anAuthFileWithoutTheRegistrysHostIsNamedWhenTheRegistryAsks() throws Exception {
        Path authFile = java.nio.file.Files.writeString(temp.resolve("registry-auth.json"),
                "{\"auths\": {\"registry.lab:5000\": {\"auth\": \"bGFiOnB1bGw=\"}}}");
        RegistryAccess access = new RegistryAccess(registries.certificates().caCertificate(),
                org.vhdboot.oci.TransportOptions.PlainHttp.NEVER, null, authFile);
        OciException refused = assertThrows(OciException.class, () -> new ImageInspectOperation(fleet.world.context())
                .run(repository + ":2026-11", access, java.util.Optional.empty()));
        assertEquals(OciException.Kind.UNAUTHORIZED, refused.kind());
        assertTrue(refused.getMessage().endsWith("requires credentials (a user name and password, or a config.json"
                + " entry); " + authFile + " has no entry for " + registries.basic().authority()), refused.getMessage());
    }

    @Test
    void aLayerWhoseBaseTheLayoutLacksIsRefusedBeforeAnyDownload() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        FleetFixture other = FleetFixture.vhdx(temp.resolve("other"), new TestWorld());
        FolderSnapshot before = other.labRecord();
        Files.delete(other.lab.resolve("vhdboot.log"));

        ParentLinkException refused = assertThrows(ParentLinkException.class,
                () -> other.pull(repository + ":2026-11", FleetFixture.access(registries)));
        assertTrue(refused.getMessage().contains("which this layout does not have"), refused.getMessage());
        assertTrue(refused.getMessage().contains("nothing was downloaded"), refused.getMessage());
        assertEquals(before, other.labRecord());
        assertTrue(other.labFiles().stream().noneMatch(name -> name.contains("vhdboot-part")), other.labFiles().toString());

        ImageInspectOperation.Report inspected = new ImageInspectOperation(other.world.context()).run(repository
                + ":2026-11", FleetFixture.access(registries), java.util.Optional.of(FleetFixture.layout(other.lab)));
        assertEquals(List.of("base", "2026-11"), inspected.versions().stream().map(ImageInspectOperation.Version::name)
                .toList());
        assertTrue(inspected.refused().contains("which this layout does not have"), inspected.refused());
        assertTrue(!inspected.refused().contains("downloaded"), "inspect downloads nothing: " + inspected.refused());
        assertEquals(null, inspected.versions().get(0).status(), "a refused plan places no layer");
        assertEquals(null, inspected.bytesToPull(), "no pull, so no bytes to pull");
    }

    /** A lab's own commit under the fleet's next version name: refused before any download, with the ways out. */
    @Test
    void aVersionNameTakenHereByAnotherImageIsRefusedNamingTheWaysOut() throws Exception {
        fleet.commit("2026-11", "base", 256 << 10, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        new ImageCommitOperation(fleet.world.context()).run(FleetFixture.layout(fleet.lab),
                new ImageCommitOperation.Options("2026-11", java.util.Optional.empty(), false, TransferProgress.NONE));
        FolderSnapshot before = fleet.labRecord();

        OperationException refused = assertThrows(OperationException.class,
                () -> fleet.pull(repository + ":2026-11", FleetFixture.access(registries)));
        assertTrue(refused.getMessage().contains("the image's version 2026-11 is another image than version 2026-11"
                + " here (names compare without case); `vhdboot image prune` deletes 2026-11 once nothing stands on"
                + " it, or the image can be published under other version names"), refused.getMessage());
        assertTrue(refused.getMessage().contains("nothing was downloaded"), refused.getMessage());
        assertEquals(before, fleet.labRecord());
    }

    @Test
    void aVersionHereWithTheLayersIdentityButOtherContentIsRefused() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        fleet.pull(repository + ":2026-11", FleetFixture.access(registries));
        // The lab's record of the version now says another SHA-256: as if its file were another one.
        Path ini = fleet.lab.resolve(Layout.INI_NAME);
        String text = Files.readString(ini);
        Layout lab = FleetFixture.layout(fleet.lab);
        String source = lab.tree().get(new ImageRef(ImageRef.Kind.VERSION, "2026-11")).sourceSha256();
        Files.writeString(ini, text.replace(source, "0".repeat(64)));
        FolderSnapshot before = fleet.labRecord();

        OperationException refused = assertThrows(OperationException.class,
                () -> fleet.pull(repository + ":2026-11", FleetFixture.access(registries)));
        assertTrue(refused.getMessage().contains("but not its content"), refused.getMessage());
        assertEquals(before, fleet.labRecord());
    }

    @Test
    void theBaseOfALayoutWithoutARecordedHashIsHashedOnceAndRecordedWithThePull() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        assertEquals(null, FleetFixture.layout(fleet.lab).tree().get(ImageRef.BASE_VERSION).sha256());
        // A real parent takes minutes to hash: the pull shows it as it shows a download.
        java.util.List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
        TransferProgress progress = (what, bytes) -> (done, total) -> shown.add(what + " " + done + "/" + total);
        new ImagePullOperation(fleet.world.context()).run(FleetFixture.layout(fleet.lab), new ImagePullOperation.Options(
                repository + ":2026-11", FleetFixture.access(registries), progress));
        long baseSize = java.nio.file.Files.size(fleet.lab.resolve("Gold.vhdx"));
        assertTrue(shown.contains("check base (SHA-256 of Gold.vhdx) " + baseSize + "/" + baseSize), shown.toString());
        assertEquals(FileDigests.sha256(fleet.lab.resolve("Gold.vhdx")),
                FleetFixture.layout(fleet.lab).tree().get(ImageRef.BASE_VERSION).sha256());
        shown.clear();
        fleet.commit("2026-12", "2026-11", 1 << 20, 12);
        fleet.push("2026-12", repository + ":2026-12", FleetFixture.access(registries));
        new ImagePullOperation(fleet.world.context()).run(FleetFixture.layout(fleet.lab), new ImagePullOperation.Options(
                repository + ":2026-12", FleetFixture.access(registries), progress));
        assertTrue(shown.stream().noneMatch(line -> line.startsWith("check ")), "hashed once: " + shown);
    }

    @Test
    void aPushToAnotherRepositoryMountsTheBlobsInsteadOfUploadingThem() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        String source = repository.substring(repository.indexOf('/', "oci://".length()) + 1);
        String other = "oci://" + registries.basic().authority() + "/school/" + Long.toHexString(System.nanoTime());
        ImagePushOperation.Result mounted = fleet.push("2026-11", other + ":2026-11", FleetFixture.access(registries),
                java.util.Optional.of(source));
        assertEquals(List.of("mounted", "mounted"), mounted.layers().stream().map(ImagePushOperation.Layer::result)
                .toList());
        assertEquals(List.of(false, false), mounted.layers().stream().map(ImagePushOperation.Layer::compressed)
                .toList(), "the blobs recorded by the first push are mounted without compressing the files again");
        assertEquals(0, mounted.bytesUploaded());
        ImagePullOperation.Result pulled = fleet.pull(other + ":2026-11", FleetFixture.access(registries));
        assertEquals(List.of("2026-11"), pulled.pulled());
        assertNotEquals(0, pulled.bytesTransferred());
    }

    /** A recorded blob that the target lacks and the other repository cannot lend is compressed and uploaded. */
    @Test
    void aRecordedBlobThatCannotBeMountedIsUploaded() throws Exception {
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.push("2026-11", repository + ":2026-11", FleetFixture.access(registries));
        String school = "school/" + Long.toHexString(System.nanoTime());
        ImagePushOperation.Result pushed;
        try (FaultProxy proxy = new FaultProxy(java.net.URI.create("https://" + registries.basic().authority() + "/"),
                registries.certificates().clientContext())) {
            pushed = fleet.push("2026-11", "oci://" + proxy.authority() + "/" + school + ":2026-11",
                    FleetFixture.plainAccess(), java.util.Optional.of("school/never-pushed"));
            // One mount asked per layer: the recorded blob's; the upload that follows does not ask again.
            assertEquals(2, proxy.seen.stream().filter(s -> s.authorized() && s.method().equals("POST")
                    && s.path().contains("mount=")).count(), proxy.seen.toString());
        }
        String other = "oci://" + registries.basic().authority() + "/" + school;
        assertEquals(List.of("uploaded", "uploaded"), pushed.layers().stream().map(ImagePushOperation.Layer::result)
                .toList());
        assertEquals(List.of(true, true), pushed.layers().stream().map(ImagePushOperation.Layer::compressed).toList());
        ImagePullOperation.Result pulled = fleet.pull(other + ":2026-11", FleetFixture.access(registries));
        assertEquals(List.of("2026-11"), pulled.pulled());
    }

    @Test
    void aLayerWhoseLocatorsAlreadyFitThisLayoutIsRecordedExactlyAsPublished() throws Exception {
        FleetFixture alike = FleetFixture.bootingFrom("C:\\VHD", temp.resolve("alike"), new TestWorld());
        alike.commit("2026-11", "base", 1 << 20, 11);
        alike.push("2026-11", repository + ":alike", FleetFixture.access(registries));
        alike.pull(repository + ":alike", FleetFixture.access(registries));
        String published = FileDigests.sha256(alike.masterFile("2026-11"));
        assertEquals(published, FileDigests.sha256(alike.labFile("2026-11")), "nothing to relocate: not rewritten");
        TreeImage recorded = FleetFixture.layout(alike.lab).tree().get(new ImageRef(ImageRef.Kind.VERSION, "2026-11"));
        assertEquals(published, recorded.sha256());
        assertEquals(published, recorded.sourceSha256());
        assertArrayEquals(alike.reads(alike.masterFile("2026-11")), alike.reads(alike.labFile("2026-11")));
    }
}
