package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.OciException;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vhdboot.ops.TamperedImage.annotation;
import static org.vhdboot.ops.TamperedImage.annotations;
import static org.vhdboot.ops.TamperedImage.layer;

/**
 * An image-layout folder whose manifest an attacker wrote: names, notes, sizes, link ids, digests and media types
 * chosen to escape the layout folder, inject into {@code vhdboot.ini}, exhaust the disk or the memory, or record a
 * version that is not what it says. Each is refused before anything is written (or, for a blob, deleted with what it
 * unpacked), as one line of the documented kind, the lab's images and ini unchanged and nothing outside it touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "org.vhdboot.version.name";
    private static final String LINK_ID = "org.vhdboot.layer.link-id";
    private static final String PARENT_LINK_ID = "org.vhdboot.layer.parent-link-id";

    private Path root;

    private FleetFixture fleet;
    private Path share;
    private int tags;
    private FolderSnapshot labRecord;
    private List<String> labFiles;

    @BeforeAll
    void publish(@TempDir Path given) throws Exception {
        root = given;
        fleet = FleetFixture.vhdx(root.resolve("fleet"), new TestWorld());
        fleet.commit("2026-11", "base", 256 << 10, 11);
        fleet.commit("2026-12", "2026-11", 128 << 10, 12);
        share = root.resolve("share");
        fleet.push("2026-11", "oci-layout:" + share + ":one", RegistryAccess.defaults());
        fleet.push("2026-12", "oci-layout:" + share + ":two", RegistryAccess.defaults());
        labRecord = fleet.labRecord();
        labFiles = fleet.labFiles();
    }

    @BeforeEach
    void roomEnough() {
        fleet.world.platform.freeBytes = Long.MAX_VALUE / 4;
    }

    /** The manifest {@code from} names with {@code edit} applied, stored in the share under a new tag. */
    private String tampered(String from, Consumer<ObjectNode> edit) throws Exception {
        return TamperedImage.tag(share, from, "hostile" + (++tags), edit);
    }

    private Digest putBlob(byte[] bytes) throws Exception {
        return TamperedImage.putBlob(share, bytes);
    }

    /**
     * Pulls {@code reference} into the lab, which must refuse it with {@code expected}; the lab's images, its ini and
     * every other file stay as they were, and nothing appears beside the lab, the fleet or the share.
     */
    private <T extends Exception> T refused(String reference, Class<T> expected) throws Exception {
        // The lab never changes here (but for its log and lock files): what it was after the first push stands.
        FolderSnapshot record = labRecord;
        List<String> files = labFiles;
        List<String> outside;
        try (Stream<Path> list = Files.list(root)) {
            outside = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Exception failure = assertThrows(Exception.class, () -> fleet.pull(reference, RegistryAccess.defaults()));
        if (!expected.isInstance(failure)) {
            throw new AssertionError("expected " + expected.getSimpleName() + ", got " + failure, failure);
        }
        assertFalse(failure.getMessage().contains("\n") || failure.getMessage().contains("\r"), failure.getMessage());
        assertEquals(record, fleet.labRecord(), "the lab's images and ini");
        assertEquals(withoutLogAndLocks(files), withoutLogAndLocks(fleet.labFiles()), "the lab's files");
        try (Stream<Path> list = Files.list(root)) {
            assertEquals(outside, list.map(p -> p.getFileName().toString()).sorted().toList());
        }
        return expected.cast(failure);
    }

    private static List<String> withoutLogAndLocks(List<String> files) {
        return files.stream().filter(n -> !n.equals("vhdboot.log") && !n.endsWith(".lock")).toList();
    }

    private OciException refusedAs(String reference, OciException.Kind kind) throws Exception {
        OciException failure = refused(reference, OciException.class);
        assertEquals(kind, failure.kind(), failure.getMessage());
        return failure;
    }

    static Stream<Arguments> hostileNames() {
        return Stream.of("../evil", "..", "a/b", "a\\b", "C:evil", "\\\\server\\share\\x", "v1\u0000", "v1\r\n[version.x]",
                "[version.x]", "a=b", "", " v1", "x".repeat(65), "_v1", "CON", "nul",
                "one.vhdboot-tmp", "one.VHDBOOT-part").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void aVersionNameThatIsNoPlainNameIsRefusedBeforeAnyWrite(String name) throws Exception {
        refusedAs(tampered("one", annotation(1, NAME, name)), OciException.Kind.PROTOCOL);
    }

    static Stream<Arguments> hostileAnnotations() {
        return Stream.of(
                Arguments.of("org.vhdboot.version.note", "two\nlines"),
                Arguments.of("org.vhdboot.version.note", "nul\u0000"),
                Arguments.of("org.vhdboot.version.note", "x".repeat(1025)),
                Arguments.of("org.vhdboot.layer.format", "vhd"),
                Arguments.of("org.vhdboot.layer.format", "../vhdx"),
                Arguments.of("org.vhdboot.layer.uncompressed-size", "-1"),
                Arguments.of("org.vhdboot.layer.uncompressed-size", "9223372036854775807"),
                Arguments.of("org.vhdboot.layer.uncompressed-size", "1e3"),
                Arguments.of("org.vhdboot.layer.virtual-size", "99999999999999999"),
                Arguments.of("org.vhdboot.layer.virtual-size", "1024"),
                Arguments.of("org.vhdboot.version.created", "yesterday"),
                // Instants at the ends of Java's range: shown in a local time zone, they overflow (snapshot list).
                Arguments.of("org.vhdboot.version.created", "+999999999-12-31T23:59:59Z"),
                Arguments.of("org.vhdboot.version.created", "-999999999-01-01T00:00:00Z"),
                Arguments.of("org.vhdboot.version.created", "+10000-01-01T00:00:00Z"),
                Arguments.of(LINK_ID, "AAAAAAAA-0000-0000-0000-000000000000"),
                Arguments.of(LINK_ID, "..\\..\\x"),
                Arguments.of(PARENT_LINK_ID, UUID.randomUUID().toString()),
                Arguments.of("org.vhdboot.layer.uncompressed-digest", "sha256:../../../etc/passwd"),
                Arguments.of("org.vhdboot.layer.uncompressed-digest", "sha256:" + "A".repeat(64)),
                Arguments.of("org.vhdboot.layer.uncompressed-digest", "md5:d41d8cd98f00b204e9800998ecf8427e"));
    }

    /** A registry answer is never a bad command line (exit 2): each is the registry's fault, exit 11. */
    @ParameterizedTest
    @MethodSource("hostileAnnotations")
    void aMalformedOrLyingAnnotationIsRefusedAsTheRegistrysFault(String key, String value) throws Exception {
        OciException failure = refused(tampered("one", annotation(1, key, value)), OciException.class);
        assertTrue(failure.kind() == OciException.Kind.PROTOCOL || failure.kind() == OciException.Kind.UNSUPPORTED,
                failure.kind() + ": " + failure.getMessage());
    }

    @Test
    void sizesAndTimesOutOfRangeAndForeignMediaTypesAreRefused() throws Exception {
        refusedAs(tampered("one", m -> layer(m, 1).put("size", -1)), OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> layer(m, 1).put("size", Long.MAX_VALUE)), OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> layer(m, 1).put("size", new BigInteger("1" + "0".repeat(30)))),
                OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> m.put("artifactType", "application/vnd.oci.image.config.v1+json")),
                OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> m.remove("artifactType")), OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> m.putArray("layers")), OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> m.putNull("layers")), OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> ((ObjectNode) m.path("annotations")).put("org.opencontainers.image.created",
                "+999999999-12-31T23:59:59Z")), OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> layer(m, 1).put("mediaType", "application/vnd.oci.image.layer.v1.tar")),
                OciException.Kind.PROTOCOL);
        refusedAs(tampered("one", m -> layer(m, 1).put("mediaType", "application/vnd.vhdboot.layer.v2.vhdx+zstd")),
                OciException.Kind.UNSUPPORTED);
    }

    @Test
    void aLayerThatClaimsToStandOnAVersionItDoesNotIsRefused() throws Exception {
        // The middle layer dropped: 2026-12 names 2026-11 as its parent, but stands on the base here.
        refusedAs(tampered("two", m -> ((ArrayNode) m.path("layers")).remove(1)), OciException.Kind.PROTOCOL);
        // Layers out of order.
        refusedAs(tampered("two", m -> {
            ArrayNode layers = (ArrayNode) m.path("layers");
            JsonNode top = layers.remove(2);
            layers.insert(1, top);
        }), OciException.Kind.PROTOCOL);
    }

    @Test
    void layersThatRepeatALinkIdAreRefused() throws Exception {
        // A layer linking to itself: its link id is its parent's, the layer below it.
        refusedAs(tampered("two", m -> {
            String below = annotations(m, 1).path(LINK_ID).asText();
            annotations(m, 2).put(LINK_ID, below);
        }), OciException.Kind.PROTOCOL);
        // A cycle back to the base: the top layer takes the base's identity.
        refusedAs(tampered("two", m -> annotations(m, 2).put(LINK_ID, annotations(m, 0).path(LINK_ID).asText())),
                OciException.Kind.PROTOCOL);
    }

    /** A size the layout's disk does not have, told of the base too: refused against the base here, before any download. */
    @Test
    void aVirtualSizeTheLayoutsDiskDoesNotHaveIsRefusedBeforeAnyDownload() throws Exception {
        String bigger = Long.toString(FleetFixture.SIZE * 2);
        OciException failure = refusedAs(tampered("one", m -> {
            annotations(m, 0).put("org.vhdboot.layer.virtual-size", bigger);
            annotations(m, 1).put("org.vhdboot.layer.virtual-size", bigger);
        }), OciException.Kind.PROTOCOL);
        assertTrue(failure.getMessage().endsWith(" is " + bigger + " bytes, version base here, which has its identity, "
                + FleetFixture.SIZE + "; nothing was downloaded"), failure.getMessage());
    }

    /** Inspect reads the same manifest the same way: refused in one line, nothing written anywhere. */
    @Test
    void inspectRefusesAHostileManifestAndChangesNothing() throws Exception {
        String cycle = tampered("two", m -> annotations(m, 2).put(LINK_ID, annotations(m, 0).path(LINK_ID).asText()));
        String name = tampered("one", annotation(1, NAME, "..\\..\\evil"));
        FolderSnapshot everything = FolderSnapshot.of(root);
        for (String reference : List.of(cycle, name)) {
            OciException refused = assertThrows(OciException.class, () -> new ImageInspectOperation(
                    fleet.world.context()).run(reference, RegistryAccess.defaults(),
                    Optional.of(FleetFixture.layout(fleet.lab))));
            assertEquals(OciException.Kind.PROTOCOL, refused.kind(), refused.getMessage());
        }
        assertEquals(everything, FolderSnapshot.of(root));
    }

    @Test
    void aVersionNamedAsOneTheLayoutRecordsIsRefused() throws Exception {
        for (String name : List.of("base", "BASE")) {
            refused(tampered("one", annotation(1, NAME, name)), OperationException.class);
        }
        refused(tampered("two", annotation(2, NAME, "2026-11")), OperationException.class);
    }

    @Test
    void tooManyLayersOrAChainDeeperThanMaxDepthIsRefusedBeforeAnyDownload() throws Exception {
        refusedAs(tampered("one", m -> chainOf(m, 1030)), OciException.Kind.PROTOCOL);
        OperationException deep = refused(tampered("one", m -> chainOf(m, Layout.DEFAULT_MAX_DEPTH + 1)),
                OperationException.class);
        assertEquals(OperationException.Kind.PRECONDITION, deep.kind());
        assertTrue(deep.getMessage().contains("max_depth"), deep.getMessage());
    }

    /**
     * Adds layers above the manifest's top until it has {@code count}, each linking to the one below, each a blob of
     * its own (one blob twice is refused first).
     */
    private static void chainOf(ObjectNode manifest, int count) {
        ArrayNode layers = (ArrayNode) manifest.path("layers");
        while (layers.size() < count) {
            ObjectNode top = ((ObjectNode) layers.get(layers.size() - 1)).deepCopy();
            top.put("digest", Digest.of(("layer " + layers.size()).getBytes(StandardCharsets.UTF_8)).toString());
            ObjectNode annotations = (ObjectNode) top.path("annotations");
            annotations.put(PARENT_LINK_ID, annotations.path(LINK_ID).asText());
            annotations.put(LINK_ID, UUID.randomUUID().toString());
            annotations.put(NAME, "v" + layers.size());
            layers.add(top);
        }
    }

    @Test
    void aLayerLargerThanTheFreeSpaceIsRefusedBeforeAnyDownload() throws Exception {
        fleet.world.platform.freeBytes = 1L << 30;
        OperationException failure = refused(tampered("one", annotation(1, "org.vhdboot.layer.uncompressed-size",
                Long.toString(1L << 40))), OperationException.class);
        assertEquals(OperationException.Kind.PRECONDITION, failure.kind());
        assertTrue(failure.getMessage().contains("nothing was downloaded"), failure.getMessage());
        refused(tampered("one", m -> layer(m, 1).put("size", 1L << 49)), OperationException.class);
    }

    @Test
    void aManifestLargerThanTheLimitIsRefusedUnread() throws Exception {
        byte[] huge = new byte[(4 << 20) + 1];
        Arrays.fill(huge, (byte) ' ');
        Digest digest = putBlob(huge);
        String reference = tampered("one", m -> { });
        ObjectNode index = (ObjectNode) JSON.readTree(share.resolve("index.json").toFile());
        ObjectNode entry = (ObjectNode) index.path("manifests").get(index.path("manifests").size() - 1);
        entry.put("digest", digest.toString());
        entry.put("size", huge.length);
        Files.write(share.resolve("index.json"), JSON.writeValueAsBytes(index));
        assertTrue(refusedAs(reference, OciException.Kind.PROTOCOL).getMessage().contains("larger than"));
    }

    /** A tiny blob that unpacks to far more than its layer says: stopped at the size said, and deleted. */
    @Test
    void aZstdBombIsStoppedAtTheAnnouncedSizeAndDeleted() throws Exception {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = LayerCompression.ZSTD.compressing(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        assertTrue(packed.size() < 64 << 10, "a bomb: " + packed.size() + " bytes");
        Digest bomb = putBlob(packed.toByteArray());
        OciException failure = refusedAs(tampered("one", m -> {
            layer(m, 1).put("digest", bomb.toString());
            layer(m, 1).put("size", packed.size());
        }), OciException.Kind.INTEGRITY);
        assertTrue(failure.getMessage().contains("more than"), failure.getMessage());
        // And one that unpacks to less than it says.
        OciException shorter = refusedAs(tampered("one", m -> annotations(m, 1).put(
                "org.vhdboot.layer.uncompressed-size", Long.toString(annotations(m, 1)
                        .path("org.vhdboot.layer.uncompressed-size").asLong() + 1))), OciException.Kind.INTEGRITY);
        assertTrue(shorter.getMessage().contains("unpacks to"), shorter.getMessage());
    }

    /** A note is free text: brackets, equals signs and comment marks stay in the note, never a section or a key. */
    @Test
    void aNoteThatLooksLikeIniTextIsRecordedAsTheNoteAndNothingElse() throws Exception {
        String note = "] [version.evil] file = ..\\..\\Windows\\x.vhdx ; # = [last_pull]";
        String reference = tampered("one", annotation(1, "org.vhdboot.version.note", note));
        Path lab = root.resolve("notes");
        FolderCopy.of(fleet.lab).into(lab);
        new ImagePullOperation(new TestWorld().context()).run(FleetFixture.layout(lab),
                new ImagePullOperation.Options(reference, RegistryAccess.defaults(), TransferProgress.NONE));
        Layout layout = FleetFixture.layout(lab);
        TreeImage pulled = layout.tree().find(new ImageRef(ImageRef.Kind.VERSION, "2026-11")).orElseThrow();
        assertEquals(note, pulled.note());
        assertEquals(Optional.empty(), layout.tree().findByName(ImageRef.Kind.VERSION, "evil"));
        assertEquals(2, layout.tree().all().stream().filter(i -> i.ref().kind() == ImageRef.Kind.VERSION).count());
        assertEquals(FileDigests.sha256(fleet.masterFile("2026-11")), pulled.sourceSha256());
        String ini = Files.readString(lab.resolve(Layout.INI_NAME), StandardCharsets.UTF_8);
        assertEquals(1, ini.lines().filter(line -> line.startsWith("[version.2026-11]")).count(), ini);
    }
}
