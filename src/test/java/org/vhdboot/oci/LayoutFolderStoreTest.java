package org.vhdboot.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.oci.testing.RequiredTool;
import org.vhdboot.oci.testing.SampleArtifact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A folder in OCI image layout, written by vhdboot and checked by an independent reader (a Python script using
 * only its standard library, src/test/resources/oci/oci_layout.py), and written by that script and read by
 * vhdboot.
 */
class LayoutFolderStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private JsonNode pythonVerify(Path folder) throws Exception {
        RequiredTool.PYTHON3.require();
        return JSON.readTree(RequiredTool.PYTHON3.run(temp, script().toString(), "verify", folder.toString()));
    }

    private static Path script() throws Exception {
        return Path.of(LayoutFolderStoreTest.class.getResource("/oci/oci_layout.py").toURI());
    }

    /**
     * A blob whose write stops half way (a share that filled, a failing disk) leaves no temporary behind to hold the
     * room the next push needs, and the line names the blob and the folder.
     */
    @Test
    void aBlobWriteThatStopsKeepsNothingAndSaysWhere() throws Exception {
        byte[] content = new byte[3 << 20];
        new java.util.Random(5).nextBytes(content);
        Descriptor blob = Descriptor.of("application/vnd.vhdboot.layer.v1.vhdx", Digest.of(content), content.length);
        BlobSource failing = new BlobSource() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public java.io.InputStream open(long offset, long length) {
                return new java.io.FilterInputStream(new java.io.ByteArrayInputStream(content)) {
                    private long read;

                    @Override
                    public int read(byte[] buffer, int from, int count) throws java.io.IOException {
                        if (read >= 1 << 20) {
                            throw new java.io.IOException("No space left on device");
                        }
                        int n = super.read(buffer, from, count);
                        read += Math.max(n, 0);
                        return n;
                    }
                };
            }
        };
        Path folder = temp.resolve("share").resolve("full");
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci-layout:" + folder + ":v1"),
                TransportOptions.defaults())) {
            java.io.IOException stopped = assertThrows(java.io.IOException.class, () -> store.pushBlob(blob, failing,
                    Optional.empty(), TransferListener.NONE));
            assertEquals("writing blob " + blob.digest() + " into oci-layout:" + folder + " stopped: No space left on"
                    + " device; nothing of it was kept", stopped.getMessage());
        }
        try (var names = Files.list(folder)) {
            assertEquals(java.util.List.of(), names.map(p -> p.getFileName().toString()).toList(),
                    "no temporary, and no empty layout in a folder the push made");
        }
    }

    /**
     * A first blob whose bytes are not its digest (a version changed after it was recorded) makes no layout: the
     * folder stays as bare as it was made, where an empty layout would be read later as a share without the tag.
     */
    @Test
    void aRefusedFirstBlobLeavesNoEmptyLayout() throws Exception {
        byte[] content = "the recorded bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Descriptor blob = Descriptor.of("application/vnd.vhdboot.layer.v1.vhdx", Digest.of(content), content.length);
        Path folder = temp.resolve("share");
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci-layout:" + folder + ":v1"),
                TransportOptions.defaults())) {
            OciException refused = assertThrows(OciException.class, () -> store.pushBlob(blob,
                    BlobSource.of("other bytes, as long".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    Optional.empty(), TransferListener.NONE));
            assertEquals(OciException.Kind.INTEGRITY, refused.kind());
            try (var names = Files.list(folder)) {
                assertEquals(java.util.List.of(), names.toList());
            }
            store.pushBlob(blob, BlobSource.of(content), Optional.empty(), TransferListener.NONE);
        }
        assertTrue(Files.exists(folder.resolve("oci-layout")) && Files.exists(folder.resolve("index.json")),
                "a good blob makes the layout");
    }

    /** A folder that is not there, or cannot be made, is said so: not as a missing image nor a garbled sentence. */
    @Test
    void aMissingFolderIsNamedAndOneThatCannotBeMadeIsALocalFailure() throws Exception {
        Path missing = temp.resolve("nowhere").resolve("x");
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci-layout:" + missing + ":v1"),
                TransportOptions.defaults())) {
            OciException absent = assertThrows(OciException.class, () -> store.resolve("v1"));
            assertEquals(OciException.Kind.NOT_FOUND, absent.kind());
            assertEquals("there is no image-layout folder " + missing + " (oci-layout:" + missing + ")",
                    absent.getMessage());
        }
        Path file = Files.writeString(temp.resolve("a-file"), "not a folder");
        Path under = file.resolve("share");
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci-layout:" + under + ":v1"),
                TransportOptions.defaults())) {
            java.io.IOException cannot = assertThrows(java.io.IOException.class, () -> store.pushBlob(
                    Descriptor.of("application/vnd.oci.empty.v1+json", Digest.of(new byte[2]), 2),
                    BlobSource.of(new byte[2]), Optional.empty(), TransferListener.NONE));
            assertEquals(java.io.IOException.class, cannot.getClass(), "a local failure, exit 5");
            assertTrue(cannot.getMessage().startsWith("cannot make the image-layout folder " + under + ": "),
                    cannot.getMessage());
        }
    }

    @Test
    void aPushedLayoutPassesTheIndependentReaderAndPullsBackByteForByte() throws Exception {
        SampleArtifact sample = SampleArtifact.create(temp, 3, 200_000, 5_000);
        Path folder = temp.resolve("share").resolve("win11");
        Digest digest;
        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci-layout:" + folder + ":v2"),
                TransportOptions.defaults())) {
            digest = sample.pushTo(store, "v2");
            VersionArtifact read = VersionArtifact.fromManifest(store.resolve("v2").manifest());
            assertEquals(sample.artifact(), read);
            Path part = temp.resolve("pulled.part");
            store.fetchBlob(read.layers().get(0).toDescriptor(), part, TransferListener.NONE);
            assertArrayEquals(Files.readAllBytes(sample.files().get(0)), Files.readAllBytes(part));
        }
        JsonNode verified = pythonVerify(folder);
        assertEquals(digest.toString(), verified.path("tags").path("v2").asText());
        assertEquals(4, verified.path("blobs").asInt(), "config, two layers, manifest");
        try (var names = Files.list(folder)) {
            assertEquals(java.util.List.of(".vhdboot-index.lock", "blobs", "index.json", "oci-layout"),
                    names.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left behind");
        }
    }

    @Test
    void pushingATagAgainMovesItAndKeepsOneEntry() throws Exception {
        Path folder = temp.resolve("layout");
        LayoutFolderStore store = LayoutFolderStore.open(folder);
        SampleArtifact.create(temp, 4, 1000).pushTo(store, "latest");
        Digest second = SampleArtifact.create(temp, 5, 2000).pushTo(store, "latest");
        SampleArtifact.create(temp, 6, 3000).pushTo(store, "other");
        JsonNode verified = pythonVerify(folder);
        assertEquals(second.toString(), verified.path("tags").path("latest").asText());
        assertEquals(2, verified.path("tags").size());
        assertEquals(second, store.resolve("latest").digest());
    }

    @Test
    void aLayoutWrittenByTheIndependentWriterIsRead() throws Exception {
        RequiredTool.PYTHON3.require();
        SampleArtifact sample = SampleArtifact.create(temp, 9, 150_000, 7_000);
        ObjectNode spec = JSON.createObjectNode();
        spec.put("tag", "from-python");
        spec.put("artifactType", VersionArtifact.ARTIFACT_TYPE);
        spec.set("annotations", JSON.valueToTree(sample.artifact().toManifest().annotations()));
        ArrayNode layers = spec.putArray("layers");
        for (int i = 0; i < sample.files().size(); i++) {
            ObjectNode layer = layers.addObject();
            layer.put("file", sample.files().get(i).toString());
            layer.put("mediaType", sample.layer(i).mediaType());
            layer.set("annotations", JSON.valueToTree(sample.layer(i).annotations()));
        }
        Path specFile = temp.resolve("spec.json");
        JSON.writeValue(specFile.toFile(), spec);
        Path folder = temp.resolve("foreign");
        RequiredTool.PYTHON3.run(temp, script().toString(), "write", folder.toString(), specFile.toString());

        try (ArtifactStore store = ArtifactStore.open(OciReference.parse("oci-layout:" + folder + ":from-python"),
                TransportOptions.defaults())) {
            ArtifactStore.ResolvedManifest resolved = store.resolve("from-python");
            assertEquals(sample.artifact(), VersionArtifact.fromManifest(resolved.manifest()));
            assertEquals(pythonVerify(folder).path("tags").path("from-python").asText(), resolved.digest().toString());
            for (int i = 0; i < sample.files().size(); i++) {
                Path part = temp.resolve("pulled-" + i);
                store.fetchBlob(sample.layer(i), part, TransferListener.NONE);
                assertArrayEquals(Files.readAllBytes(sample.files().get(i)), Files.readAllBytes(part));
            }
        }
    }

    @Test
    void aPartialCopyResumesAndACorruptBlobIsRefusedAndItsPartDeleted() throws Exception {
        SampleArtifact sample = SampleArtifact.create(temp, 10, 100_000);
        LayoutFolderStore store = LayoutFolderStore.open(temp.resolve("layout"));
        sample.pushTo(store, "v1");
        byte[] whole = Files.readAllBytes(sample.files().get(0));
        Path part = temp.resolve("layer.part");
        Files.write(part, java.util.Arrays.copyOf(whole, 40_000));
        long[] firstReported = {-1};
        store.fetchBlob(sample.layer(0), part, (done, total) -> {
            if (firstReported[0] < 0) {
                firstReported[0] = done;
            }
        });
        assertEquals(40_000, firstReported[0], "resumed from the part file");
        assertArrayEquals(whole, Files.readAllBytes(part));

        Path blob = store.blobPath(sample.layer(0).digest());
        whole[99_999] ^= 1;
        Files.write(blob, whole);
        Path second = temp.resolve("second.part");
        OciException failure = assertThrows(OciException.class,
                () -> store.fetchBlob(sample.layer(0), second, TransferListener.NONE));
        assertEquals(OciException.Kind.INTEGRITY, failure.kind());
        assertFalse(Files.exists(second));
    }

    @Test
    void whatIsNotALayoutIsRefusedClearly() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("plain"));
        OciException missing = assertThrows(OciException.class, () -> LayoutFolderStore.open(folder).resolve("v1"));
        assertEquals(OciException.Kind.NOT_FOUND, missing.kind());
        assertTrue(missing.getMessage().contains("oci-layout is missing"), missing.getMessage());

        Files.writeString(folder.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        Files.writeString(folder.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        OciException version = assertThrows(OciException.class, () -> LayoutFolderStore.open(folder).resolve("v1"));
        assertEquals(OciException.Kind.UNSUPPORTED, version.kind());

        Files.writeString(folder.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(folder.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x/y\","
                + "\"digest\":\"sha256:../../etc/passwd\",\"size\":1}]}");
        OciException hostile = assertThrows(OciException.class, () -> LayoutFolderStore.open(folder).resolve("v1"));
        assertEquals(OciException.Kind.PROTOCOL, hostile.kind());
    }

    /**
     * A pipe planted on a share in place of {@code oci-layout}, {@code index.json} or the manifest would block the read
     * until someone wrote to it: refused unread. (The timeout only guards the run against the hang it tests for.)
     */
    @Test
    void aPipeInPlaceOfALayoutFileIsRefusedUnread() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")), "needs mkfifo");
        SampleArtifact sample = SampleArtifact.create(temp, 13, 10_000);
        Path folder = temp.resolve("layout");
        Digest manifest;
        try (ArtifactStore store = LayoutFolderStore.open(folder)) {
            manifest = sample.pushTo(store, "v1");
        }
        for (Path planted : java.util.List.of(folder.resolve("blobs/sha256").resolve(manifest.hex()),
                folder.resolve("index.json"), folder.resolve("oci-layout"))) {
            Files.delete(planted);
            Process mkfifo = new ProcessBuilder("/usr/bin/mkfifo", planted.toString()).inheritIO().start();
            assertEquals(0, mkfifo.waitFor());
            OciException refused = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(30), () -> assertThrows(OciException.class,
                            () -> LayoutFolderStore.open(folder).resolve("v1")), planted.getFileName() + " hung");
            assertEquals(OciException.Kind.PROTOCOL, refused.kind(), refused.getMessage());
            assertTrue(refused.getMessage().contains("not a file"), refused.getMessage());
            assertThrows(OciException.class, () -> LayoutFolderStore.open(folder).resolve(manifest.toString()));
        }
    }

    /** A link planted in place of a layer's blob (to /dev/zero, say) is refused unread and said as what it is. */
    @Test
    void aLinkInPlaceOfABlobIsRefusedUnread() throws Exception {
        SampleArtifact sample = SampleArtifact.create(temp, 17, 10_000);
        Path folder = temp.resolve("layout");
        try (ArtifactStore store = LayoutFolderStore.open(folder)) {
            sample.pushTo(store, "v1");
        }
        Descriptor layer = sample.layer(0);
        Path blob = folder.resolve("blobs/sha256").resolve(layer.digest().hex());
        Files.delete(blob);
        Files.createSymbolicLink(blob, Path.of("/dev/zero"));
        try (ArtifactStore store = LayoutFolderStore.open(folder)) {
            OciException refused = assertThrows(OciException.class, () -> store.fetchBlob(layer,
                    temp.resolve("part"), TransferListener.NONE, PartWriter.DIRECT));
            assertEquals("blob " + layer.digest() + " in oci-layout:" + folder + " is not a file", refused.getMessage());
            assertFalse(Files.exists(temp.resolve("part")));
        }
    }

    @Test
    void aTemporaryFileLeftByAKilledPushIsReplacedByTheNextPush() throws Exception {
        SampleArtifact sample = SampleArtifact.create(temp, 11, 50_000);
        Path folder = temp.resolve("layout");
        LayoutFolderStore store = LayoutFolderStore.open(folder);
        Files.createDirectories(folder);
        Path leftover = folder.resolve(LayoutFolderStore.TEMPORARY_PREFIX + sample.layer(0).digest().hex());
        Files.write(leftover, new byte[] {1, 2, 3});
        assertEquals(ArtifactStore.PushResult.UPLOADED, store.pushBlob(sample.layer(0),
                BlobSource.of(sample.files().get(0)), Optional.empty(), TransferListener.NONE));
        assertFalse(Files.exists(leftover));
        assertArrayEquals(Files.readAllBytes(sample.files().get(0)), Files.readAllBytes(store.blobPath(sample.layer(0).digest())));
    }
}
