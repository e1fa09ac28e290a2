package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.layout.TreeImage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree in {@code vhdboot.ini} version 2: written and read back unchanged, a version 1 ini read as a tree of
 * one version and written as version 2, and every hostile value in the tree's sections refused with one line
 * naming the file, the section and the key.
 */
class LayoutTreeTest {
    private static final Path V1 = Path.of("src/test/resources/layout-files/v1");
    private static final String V1_SECTION = "[version.v1]|file = Gold-v-v1.vhdx|parent = base";
    private static final String BLOB = "sha256:cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";
    private static final String ZSTD = "application/vnd.vhdboot.layer.v1.vhdx+zstd";
    private static final String PUBLISHED_FILE = "|published_sha256 = "
            + "abababababababababababababababababababababababababababababababab|published_file_size = 20";
    private static final String PUBLISHED_TO_BLOB = "|published_blob = " + BLOB + "|published_blob_size = 10";
    private static final String PUBLISHED_REST = "|published_blob_size = 10|published_media_type = " + ZSTD
            + PUBLISHED_FILE;

    @TempDir
    Path dir;

    private Layout v1() throws Exception {
        Files.copy(V1.resolve(Layout.INI_NAME), dir.resolve(Layout.INI_NAME));
        return LayoutFile.load(dir.resolve(Layout.INI_NAME));
    }

    @Test
    void aVersionOneLayoutIsATreeOfOneVersionAndIsWrittenAsVersionTwo() throws Exception {
        Layout layout = v1();
        assertEquals(ImageRef.BASE_VERSION, layout.currentBase());
        assertEquals(List.of(ImageRef.BASE_VERSION), layout.tree().all().stream().map(TreeImage::ref).toList());
        assertEquals("Gold.vhdx", layout.tree().get(ImageRef.BASE_VERSION).file());
        assertEquals(1, layout.currentDepth());
        assertEquals(Layout.DEFAULT_MAX_DEPTH, layout.maxDepth());

        LayoutFile.save(layout, new FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        String written = Files.readString(dir.resolve(Layout.INI_NAME));
        assertTrue(written.contains("version = 2"), written);
        assertTrue(written.contains("[version.base]"), written);
        assertTrue(written.contains("base = version:base"), written);
    }

    @Test
    void snapshotsReadBackAsWritten() throws Exception {
        Layout layout = v1();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        layout.tree().put(TreeImage.snapshot("before-office", layout.snapshotFile("before-office"),
                ImageRef.BASE_VERSION, at, "0b8e4bc5-5a3e-4d34-9d3c-2b0d1b1e8c11", "clean; before Office"));
        layout.tree().put(TreeImage.snapshot("Office.2024", layout.snapshotFile("Office.2024"),
                ImageRef.snapshot("before-office"), at, null, null));
        layout.setCurrentBase(ImageRef.snapshot("Office.2024"));
        layout.setMaxDepth(5);
        LayoutFile.save(layout, new FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));

        Layout read = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertEquals(layout.tree().all(), read.tree().all());
        assertEquals("Gold-s-office.2024.vhdx", read.tree().get(ImageRef.snapshot("Office.2024")).file());
        assertEquals(ImageRef.snapshot("Office.2024"), read.currentBase());
        assertEquals(3, read.currentDepth());
        assertEquals(5, read.maxDepth());
        assertEquals(Optional.of(ImageRef.snapshot("before-office")), read.tree()
                .findByName(ImageRef.Kind.SNAPSHOT, "BEFORE-OFFICE").map(TreeImage::ref));
    }

    @Test
    void whatAVersionWasPublishedAsReadsBackAsWritten() throws Exception {
        Layout layout = v1();
        PublishedBlob blob = new PublishedBlob(new org.vhdboot.oci.Digest("cd".repeat(32)), 10,
                org.vhdboot.oci.LayerMediaType.VHDX_ZSTD, "ab".repeat(32), 20);
        layout.tree().put(new TreeImage(VersionRecords.ref("v1"), layout.versionFile("v1"),
                Optional.of(ImageRef.BASE_VERSION), Instant.parse("2026-12-01T10:00:00Z"), null, null, "ab".repeat(32),
                null, blob));
        LayoutFile.save(layout, new FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));

        TreeImage read = LayoutFile.load(dir.resolve(Layout.INI_NAME)).tree().get(VersionRecords.ref("v1"));
        assertEquals(blob, read.published());
        assertEquals(Optional.of(blob), read.publishedBlob(), "it holds the version's file");
        assertEquals(Optional.empty(), read.withSha256("ef".repeat(32)).publishedBlob(),
                "a version whose SHA-256 is another ignores it");
    }

    /** Appends {@code sections} to the version 1 ini (with [current] base if given) and reads it. */
    private LayoutException refused(String currentBase, String sections) throws Exception {
        String ini = Files.readString(V1.resolve(Layout.INI_NAME));
        if (!currentBase.isEmpty()) {
            ini = ini.replace("description = Gold (Current)", "description = Gold (Current)\nbase = " + currentBase);
        }
        Files.writeString(dir.resolve(Layout.INI_NAME), ini + "\n" + sections.replace("|", "\n"),
                StandardCharsets.UTF_8);
        return assertThrows(LayoutException.class, () -> LayoutFile.load(dir.resolve(Layout.INI_NAME)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "a bad name #  # [snapshot.-x]|file = Gold-s--x.vhdx|parent = version:base # [snapshot.-x] is not a snapshot name",
        "a device name #  # [snapshot.NUL]|file = Gold-s-nul.vhdx|parent = version:base # is a Windows device name",
        "a file that is not the derived one #  # [snapshot.a]|file = Gold.vhdx|parent = version:base"
                + " # [snapshot.a] file = Gold.vhdx is not the file vhdboot names snapshot:a (Gold-s-a.vhdx)",
        "a file outside the folder #  # [snapshot.a]|file = ..\\Gold-s-a.vhdx|parent = version:base"
                + " # is not a plain file name in the layout folder",
        "a parent not recorded #  # [snapshot.a]|file = Gold-s-a.vhdx|parent = snapshot:b"
                + " # [snapshot.a] stands on snapshot:b, which the layout does not record",
        "no parent #  # [snapshot.a]|file = Gold-s-a.vhdx # [snapshot.a] lacks parent",
        "a parent that is not a reference #  # [snapshot.a]|file = Gold-s-a.vhdx|parent = Gold.vhdx"
                + " # [snapshot.a] parent = Gold.vhdx is not version:NAME or snapshot:NAME",
        "a cycle #  # [snapshot.a]|file = Gold-s-a.vhdx|parent = snapshot:b|[snapshot.b]|file = Gold-s-b.vhdx"
                + "|parent = snapshot:a # is part of a cycle of parents",
        "two names of one file #  # [snapshot.a]|file = Gold-s-a.vhdx|parent = version:base|[snapshot.A]"
                + "|file = Gold-s-a.vhdx|parent = version:base # would share a file name",
        "a base not recorded # snapshot:gone #  # [current] base = snapshot:gone is not recorded in the layout",
        "a base that is no reference # ../x #  # [current] base = ../x is not version:NAME or snapshot:NAME",
        "a base version with a parent #  # [version.base]|file = Gold.vhdx|parent = base"
                + " # [version.base] parent = base is set, but the base version stands on nothing",
        "a bad link id #  # [snapshot.a]|file = Gold-s-a.vhdx|parent = version:base|link_id = {x}"
                + " # [snapshot.a] link_id = {x} is not a GUID",
        "a published blob without its other keys #  # " + V1_SECTION + "|published_blob = " + BLOB
                + " # is set without published_blob_size; vhdboot writes all 5 published_ keys or none",
        "a published blob that is no digest #  # " + V1_SECTION + "|published_blob = md5:1234" + PUBLISHED_REST
                + " # [version.v1] published_blob = md5:1234 is not sha256: and 64 hex digits",
        "a published media type of another format #  # " + V1_SECTION + PUBLISHED_TO_BLOB
                + "|published_media_type = application/vnd.vhdboot.layer.v1.vhd+zstd" + PUBLISHED_FILE
                + " # published_media_type = application/vnd.vhdboot.layer.v1.vhd+zstd is not a vhdboot layer media",
        "a published size that is no number #  # " + V1_SECTION + "|published_blob = " + BLOB
                + "|published_blob_size = -1|published_media_type = " + ZSTD + PUBLISHED_FILE
                + " # [version.v1] published_blob_size = -1 is not a size in bytes",
        "an uncompressed published blob that is not its file #  # " + V1_SECTION + PUBLISHED_TO_BLOB
                + "|published_media_type = application/vnd.vhdboot.layer.v1.vhdx" + PUBLISHED_FILE
                + " # does not agree with the other published_ keys",
        "a published snapshot #  # [snapshot.a]|file = Gold-s-a.vhdx|parent = version:base|published_blob = " + BLOB
                + PUBLISHED_REST + " # is set, but only versions are published",
    })
    void aHostileTreeIsRefusedNamingTheSectionAndKey(String what, String base, String sections, String expected)
            throws Exception {
        LayoutException error = refused(base == null ? "" : base.strip(), sections == null ? "" : sections.strip());
        assertTrue(error.getMessage().contains(expected.strip()), what + ": " + error.getMessage());
        assertTrue(error.getMessage().startsWith(dir.resolve(Layout.INI_NAME) + ", line "), "names the line: "
                + error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @ParameterizedTest
    @CsvSource({"0", "128", "many"})
    void aDepthLimitOutOfRangeIsRefused(String value) throws Exception {
        String ini = Files.readString(V1.resolve(Layout.INI_NAME)).replace("free_space = warn",
                "free_space = warn\nmax_depth = " + value);
        Files.writeString(dir.resolve(Layout.INI_NAME), ini);
        LayoutException error = assertThrows(LayoutException.class, () -> LayoutFile.load(dir.resolve(Layout.INI_NAME)));
        assertTrue(error.getMessage().contains("max_depth = " + value + " is not a number of links from 1 to 127"),
                error.getMessage());
    }
}
