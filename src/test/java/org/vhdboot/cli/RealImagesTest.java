package org.vhdboot.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.testing.ExternalTool;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.RealImages;
import org.vhdboot.disk.testing.ToolRun;
import org.vhdboot.disk.testing.VhdFileEditor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The images Hyper-V, Virtual PC, Disk2vhd, Windows 10, qemu-img and FreeBSD mkimg wrote (outside the repository,
 * see {@link RealImages}; skipped where the folder is missing): {@code info} and {@code check} accept the healthy
 * ones and refuse the negative fixtures with the right exit code, and {@code convert} to raw gives the bytes
 * qemu-img reads, as a sparse file.
 */
class RealImagesTest {
    @TempDir
    Path dir;

    static List<RealImages.Fixture> fixtures() throws IOException {
        return RealImages.fixtures();
    }

    /** What info and check say of a fixture, from its README notes. */
    private enum Verdict { HEALTHY, LOG_TO_REPLAY, BAD_FOOTER, PARENT_MISSING }

    private static Verdict verdict(String name) {
        if (name.contains("dirtylog")) {
            return Verdict.LOG_TO_REPLAY;
        }
        if (name.equals("dfvfs-image.vhd") || name.equals("dfvfs-image-differential.vhd")) {
            return Verdict.BAD_FOOTER;
        }
        return name.equals("dfvfs-fat-differential.vhd") ? Verdict.PARENT_MISSING : Verdict.HEALTHY;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void infoCheckAndConvertAgreeWithWhatTheFileIs(RealImages.Fixture fixture) throws Exception {
        // Read where it was decoded: every command here is read-only, which the digest proves.
        Path image = RealImages.decoded(fixture);
        FileDigests before = FileDigests.of(image);
        Verdict verdict = verdict(fixture.decodedName());
        CommandRun info = CommandRun.of("vhd", "info", image.toString());
        CommandRun check = CommandRun.of("vhd", "check", image.toString());
        switch (verdict) {
            case HEALTHY:
                assertEquals(0, info.exitCode(), info.toString());
                assertEquals(0, check.exitCode(), check.toString());
                assertTrue(check.out().contains("(depth 0): healthy"), check.toString());
                break;
            case LOG_TO_REPLAY:
                assertEquals(0, info.exitCode(), info.toString());
                assertEquals(ExitCode.PROBLEMS.code(), check.exitCode(), check.toString());
                assertTrue(info.out().contains("the log is not empty") && check.out().contains("the log is not empty"),
                        info + "\n" + check);
                break;
            case BAD_FOOTER:
                CliAssertions.assertOneLineError(info, ExitCode.INVALID_IMAGE, "footer checksum mismatch");
                assertEquals(ExitCode.INVALID_IMAGE.code(), check.exitCode(), check.toString());
                break;
            default:
                assertEquals(ExitCode.PARENT.code(), info.exitCode(), info.toString());
                assertEquals(ExitCode.PARENT.code(), check.exitCode(), check.toString());
                assertTrue(check.out().contains("parent of dfvfs-fat-differential.vhd not found"), check.toString());
        }
        if (verdict == Verdict.HEALTHY || verdict == Verdict.LOG_TO_REPLAY) {
            assertConvertsToWhatQemuReads(image, verdict == Verdict.LOG_TO_REPLAY);
        }
        before.assertUnchanged();
    }

    /**
     * Windows 10 diskpart wrote this child with a parent time stamp of 0. Its parent could not be had, so a
     * stand-in of the same size and unique id, written long after 2000, takes its place: the chain is healthy and
     * no time stamp warning appears, as there is nothing to compare.
     */
    @Test
    void aWindowsMadeChildWithAZeroParentTimeStampGetsNoWarning() throws Exception {
        RealImages.Fixture fixture = RealImages.fixtures().stream()
                .filter(f -> f.decodedName().equals("dfvfs-fat-differential.vhd")).findFirst().orElse(null);
        Assumptions.assumeTrue(fixture != null, "the real-world images are not here");
        Path child = Files.copy(RealImages.decoded(fixture), dir.resolve("child.vhd"));
        Path parent = dir.resolve("fat-parent.vhd");
        new DiskImages().create(parent, ImageSpec.fixed(4 << 20));
        UUID expected = UUID.fromString("5fa21a55-f394-aa4d-9958-1951a67d5540");
        new VhdFileEditor(parent).patchFooter(f -> f.putLong(68, expected.getMostSignificantBits())
                .putLong(76, expected.getLeastSignificantBits()));
        CommandRun info = CommandRun.of("vhd", "info", child.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("parent timestamp:      2000-01-01T00:00:00Z"), info.out());
        assertTrue(info.out().contains("(depth 1): healthy"), info.out());
        assertEquals("", info.err(), "no warning");
        CommandRun check = CommandRun.of("vhd", "check", child.toString());
        assertEquals(0, check.exitCode(), check.toString());
        assertEquals("", check.err(), "no warning");
    }

    private void assertConvertsToWhatQemuReads(Path image, boolean replayFirst) throws Exception {
        ExternalTool.QEMU_IMG.require();
        Path raw = dir.resolve("flat.raw");
        CommandRun convert = CommandRun.of("vhd", "convert", "-q", image.toString(), raw.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        Path reference = image;
        if (replayFirst) {
            // qemu-img opens a dirty log read-only only after `check -r all` replayed it, in a copy.
            reference = Files.copy(image, dir.resolve("replayed-" + image.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            ToolRun repair = ToolRun.run(dir, "qemu-img", "check", "-q", "-r", "all", reference.toString());
            assertEquals(0, repair.exitCode(), repair.stderr());
        }
        String driver = image.toString().endsWith(".vhdx") ? "driver=vhdx"
                : "driver=vpc,force_size_calc=current_size";
        // qemu-img writes its raw copy sparse too; comparing two raw files goes by their holes, so it is quick.
        Path expected = dir.resolve("qemu.raw");
        ToolRun read = ToolRun.run(dir, "qemu-img", "convert", "--image-opts", driver + ",file.filename=" + reference,
                "-O", "raw", expected.toString());
        assertEquals(0, read.exitCode(), read.stderr());
        ToolRun compare = ToolRun.run(dir, "qemu-img", "compare", "-f", "raw", "-F", "raw", raw.toString(),
                expected.toString());
        assertEquals(0, compare.exitCode(), compare.stdoutText() + compare.stderr());
        assertTrue(allocatedBytes(raw) <= allocatedBytes(image) + (16 << 20),
                "the raw copy stays sparse: " + allocatedBytes(raw) + " bytes allocated for " + Files.size(raw));
    }

    /** Bytes the file takes on disk, from du; holes take none. */
    private long allocatedBytes(Path file) throws Exception {
        ToolRun du = ToolRun.run(dir, "du", "-B1", file.toString());
        Assumptions.assumeTrue(du.exitCode() == 0, "du is not available");
        return Long.parseLong(du.stdoutText().split("\\s+")[0]);
    }
}
