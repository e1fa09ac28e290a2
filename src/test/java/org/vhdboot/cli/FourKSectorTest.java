package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.PatternBytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VHDX with 4 KiB logical sectors through every {@code vhd} command: create, write, diff, info, check and
 * convert. Raw has no sector size, so it converts to raw; a VHD cannot have 4 KiB sectors, so that is refused.
 */
class FourKSectorTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private static void ok(String... args) {
        CommandRun run = CommandRun.of(args);
        assertEquals(0, run.exitCode(), run.toString());
    }

    @Test
    void everyVhdCommandHandlesFourKibibyteSectors() throws Exception {
        String parent = dir.resolve("4k.vhdx").toString();
        String child = dir.resolve("4k-child.vhdx").toString();
        byte[] first = PatternBytes.of(1, 10_000);
        byte[] second = PatternBytes.of(2, 3_000);
        Path firstData = Files.write(dir.resolve("first.bin"), first);
        Path secondData = Files.write(dir.resolve("second.bin"), second);
        byte[] expected = new byte[16 * MIB];
        System.arraycopy(first, 0, expected, 1234, first.length);
        System.arraycopy(second, 0, expected, 5 * MIB + 77, second.length);

        ok("vhd", "create", parent, "--size", "16M", "--logical-sector-size", "4096");
        ok("vhd", "write", parent, "--offset", "1234", "--input", firstData.toString());
        ok("vhd", "diff", child, "--parent", parent);
        ok("vhd", "write", child, "--offset", String.valueOf(5 * MIB + 77), "--input", secondData.toString());

        CommandRun info = CommandRun.of("vhd", "info", child);
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("sector size:           4096 logical"), info.out());
        assertTrue(info.out().contains("(depth 1): healthy"), info.out());
        CommandRun check = CommandRun.of("vhd", "check", child);
        assertEquals(0, check.exitCode(), check.toString());

        Path raw = dir.resolve("flat.raw");
        ok("vhd", "convert", "-q", child, raw.toString());
        assertArrayEquals(expected, Files.readAllBytes(raw), "raw holds the chain's bytes");

        Path vhdx = dir.resolve("flat.vhdx");
        ok("vhd", "convert", "-q", child, vhdx.toString());
        CommandRun flat = CommandRun.of("vhd", "info", vhdx.toString());
        assertTrue(flat.out().contains("sector size:           4096 logical"), flat.out());
        Path again = dir.resolve("again.raw");
        ok("vhd", "convert", "-q", vhdx.toString(), again.toString());
        assertArrayEquals(expected, Files.readAllBytes(again));

        CommandRun vhd = CommandRun.of("vhd", "convert", "-q", child, dir.resolve("flat.vhd").toString());
        CliAssertions.assertOneLineError(vhd, ExitCode.USAGE, "VHD supports only 512-byte sectors");
        assertTrue(Files.notExists(dir.resolve("flat.vhd")));
        assertEquals(0, Arrays.compare(expected, Files.readAllBytes(raw)));
    }
}
