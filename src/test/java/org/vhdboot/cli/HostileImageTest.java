package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.HostileImages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crafted images of issue 10 through {@code info}, {@code check} and {@code convert}: each is answered with
 * a documented exit code and no internal error, {@code check} never calls a damaged one healthy, and nothing
 * changes them. The two heaviest honest inputs of at most 64 MiB come along.
 */
class HostileImageTest {
    @TempDir
    Path dir;

    /** The exit code of check and the words of its finding, per image. */
    private static final Map<String, Object[]> EXPECTED = Map.ofEntries(
            Map.entry("zero-descriptor-1tib", new Object[] {ExitCode.PROBLEMS, "the log is not empty"}),
            Map.entry("last-file-offset-2tib", new Object[] {ExitCode.INVALID_IMAGE, "writes nothing past"}),
            Map.entry("every-sector-claims-the-log", new Object[] {ExitCode.PROBLEMS, "the log is not empty"}),
            Map.entry("sparse-vhd-512mib-bat", new Object[] {ExitCode.INVALID_IMAGE, "more than vhdboot supports"}),
            Map.entry("vhd-512-byte-blocks", new Object[] {ExitCode.INVALID_IMAGE, "more than vhdboot supports"}),
            Map.entry("vhd-1k-blocks", new Object[] {ExitCode.INVALID_IMAGE, "more than vhdboot supports"}),
            Map.entry("bat-entry-2pow63", new Object[] {ExitCode.INVALID_IMAGE,
                    "points to offset 9223372036854775808, beyond the end of the file"}),
            Map.entry("descriptor-at-7fff", new Object[] {ExitCode.INVALID_IMAGE, "lies outside the file"}),
            Map.entry("descriptor-negative", new Object[] {ExitCode.INVALID_IMAGE, "lies outside the file"}),
            Map.entry("vhd-trailing-footer-damaged", new Object[] {ExitCode.PROBLEMS, "footer checksum mismatch"}),
            Map.entry("headers-equal-sequence", new Object[] {ExitCode.INVALID_IMAGE,
                    "both headers have sequence number"}),
            Map.entry("largest-vhdx-bat-in-64mib", new Object[] {ExitCode.OK, "(depth 0): healthy"}),
            Map.entry("largest-vhd-bat", new Object[] {ExitCode.OK, "(depth 0): healthy"}));

    @Test
    void everyHostileImageGetsADocumentedAnswerAndCheckNeverCallsItHealthy() throws Exception {
        Map<String, Path> images = new HostileImages(dir).all();
        assertEquals(EXPECTED.keySet(), images.keySet());
        for (Map.Entry<String, Path> entry : images.entrySet()) {
            Path image = entry.getValue();
            ExitCode checkCode = (ExitCode) EXPECTED.get(entry.getKey())[0];
            String finding = (String) EXPECTED.get(entry.getKey())[1];
            String context = entry.getKey();
            FileDigests before = Files.size(image) < (64 << 20) ? FileDigests.of(image) : null;

            CommandRun check = CommandRun.of("vhd", "check", image.toString());
            assertEquals(checkCode.code(), check.exitCode(), context + ": " + check);
            assertTrue((check.out() + check.err()).contains(finding), context + ": " + check);
            assertEquals(checkCode == ExitCode.OK, check.out().contains("): healthy"), context + ": " + check);

            CommandRun info = CommandRun.of("vhd", "info", image.toString());
            ExitCode infoCode = checkCode == ExitCode.PROBLEMS ? ExitCode.OK : checkCode;
            assertEquals(infoCode.code(), info.exitCode(), context + ": " + info);
            assertTrue((info.out() + info.err()).contains(finding), context + ": " + info);

            Path raw = dir.resolve(context + ".raw");
            CommandRun convert = CommandRun.of("vhd", "convert", "-q", image.toString(), raw.toString());
            assertEquals(infoCode.code(), convert.exitCode(), context + ": " + convert);
            assertEquals(infoCode == ExitCode.OK, Files.exists(raw), context);
            for (CommandRun run : new CommandRun[] {check, info, convert}) {
                assertFalse(run.err().contains("internal error"), context + ": " + run);
                assertTrue(run.err().lines().filter(l -> l.startsWith("vhdboot: error:")).count() <= 1, context);
            }
            if (before != null) {
                before.assertUnchanged();
            }
        }
    }
}
