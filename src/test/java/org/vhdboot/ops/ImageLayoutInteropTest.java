package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.LibvhdiReader;
import org.vhdboot.oci.testing.RequiredTool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code image push} into an OCI image-layout folder, read back by independent readers: the spec's layout rules by a
 * Python script of the standard library only (src/test/resources/oci/oci_layout.py), each zstd layer by the
 * {@code zstd} program, and the unpacked chain by libvhdi; and a folder that script wrote, pulled by vhdboot.
 */
class ImageLayoutInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static Path script() throws Exception {
        return Path.of(ImageLayoutInteropTest.class.getResource("/oci/oci_layout.py").toURI());
    }

    @Test
    void aPushedChainPassesTheLayoutRulesAndUnpacksWithZstdToFilesLibvhdiReadsAsTheVersion() throws Exception {
        RequiredTool.PYTHON3.require();
        RequiredTool.ZSTD.require();
        FleetFixture fleet = FleetFixture.vhdx(temp.resolve("fleet"), new TestWorld());
        fleet.commit("2026-11", "base", 1 << 20, 11);
        fleet.commit("2026-12", "2026-11", 512 << 10, 12);
        Path share = temp.resolve("share");
        ImagePushOperation.Result pushed = fleet.push("2026-12", "oci-layout:" + share + ":2026-12",
                RegistryAccess.defaults());

        JsonNode verified = JSON.readTree(RequiredTool.PYTHON3.run(temp, script().toString(), "verify", share.toString()));
        assertEquals(pushed.digest(), verified.path("tags").path("2026-12").asText());
        assertEquals(5, verified.path("blobs").asInt(), "the empty config, three layers, the manifest");

        JsonNode manifest = JSON.readTree(blob(share, pushed.digest()));
        assertEquals("application/vnd.vhdboot.image.v1+json", manifest.path("artifactType").asText());
        List<Path> unpacked = new ArrayList<>();
        List<String> files = List.of("Gold.vhdx", "Gold-v-2026-11.vhdx", "Gold-v-2026-12.vhdx");
        for (int i = 0; i < 3; i++) {
            JsonNode layer = manifest.path("layers").path(i);
            assertEquals("application/vnd.vhdboot.layer.v1.vhdx+zstd", layer.path("mediaType").asText());
            Path file = Files.createDirectories(temp.resolve("unpacked")).resolve(files.get(i));
            RequiredTool.ZSTD.run(temp, "-q", "-d", blobPath(share, layer.path("digest").asText()).toString(), "-o",
                    file.toString());
            JsonNode annotations = layer.path("annotations");
            assertEquals("sha256:" + FileDigests.sha256(fleet.master.resolve(files.get(i))),
                    annotations.path("org.vhdboot.layer.uncompressed-digest").asText());
            assertEquals(annotations.path("org.vhdboot.layer.uncompressed-digest").asText(),
                    "sha256:" + FileDigests.sha256(file));
            unpacked.add(file);
        }
        assertEquals("monthly updates 2026-12", manifest.path("layers").path(2).path("annotations")
                .path("org.vhdboot.version.note").asText());
        byte[] expected = fleet.reads(fleet.masterFile("2026-12"));
        assertArrayEquals(expected, new LibvhdiReader(temp).read(unpacked.toArray(Path[]::new)));
    }

    @Test
    void aFolderTheIndependentWriterMadeIsPulled() throws Exception {
        RequiredTool.PYTHON3.require();
        FleetFixture fleet = FleetFixture.vhdx(temp.resolve("fleet"), new TestWorld());
        fleet.commit("2026-11", "base", 1 << 20, 11);
        Path ours = temp.resolve("ours");
        ImagePushOperation.Result pushed = new ImagePushOperation(fleet.world.context()).run(
                FleetFixture.layout(fleet.master), new ImagePushOperation.Options("2026-11", "oci-layout:" + ours
                        + ":v1", RegistryAccess.defaults(), org.vhdboot.oci.LayerCompression.NONE,
                        java.util.Optional.empty(), TransferProgress.NONE));
        JsonNode manifest = JSON.readTree(blob(ours, pushed.digest()));
        ObjectNode spec = JSON.createObjectNode().put("tag", "2026-11")
                .put("artifactType", manifest.path("artifactType").asText());
        spec.set("annotations", manifest.path("annotations"));
        ArrayNode layers = spec.putArray("layers");
        List<String> files = List.of("Gold.vhdx", "Gold-v-2026-11.vhdx");
        for (int i = 0; i < 2; i++) {
            layers.addObject().put("file", fleet.master.resolve(files.get(i)).toString())
                    .put("mediaType", manifest.path("layers").path(i).path("mediaType").asText())
                    .set("annotations", manifest.path("layers").path(i).path("annotations"));
        }
        Path specFile = temp.resolve("spec.json");
        JSON.writeValue(specFile.toFile(), spec);
        Path theirs = temp.resolve("theirs");
        RequiredTool.PYTHON3.run(temp, script().toString(), "write", theirs.toString(), specFile.toString());

        ImagePullOperation.Result pulled = fleet.pull("oci-layout:" + theirs + ":2026-11", RegistryAccess.defaults());
        assertEquals(List.of("2026-11"), pulled.pulled());
        assertArrayEquals(fleet.reads(fleet.masterFile("2026-11")), fleet.reads(fleet.labFile("2026-11")));
    }

    private static Path blobPath(Path layout, String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    private static byte[] blob(Path layout, String digest) throws Exception {
        return Files.readAllBytes(blobPath(layout, digest));
    }
}
