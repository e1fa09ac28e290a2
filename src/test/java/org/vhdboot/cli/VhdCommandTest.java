package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VhdCommandTest {
    @TempDir
    Path dir;

    @Test
    void newcomerTourCreatesAHealthyChain() {
        String parent = dir.resolve("a.vhd").toString();
        String child = dir.resolve("b.vhd").toString();
        assertEquals(0, CommandRun.of("vhd", "create", parent, "--size", "64M").exitCode());
        assertEquals(0, CommandRun.of("vhd", "diff", child, "--parent", parent).exitCode());
        CommandRun info = CommandRun.of("vhd", "info", child);
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("chain: b.vhd -> a.vhd (depth 1): healthy"), info.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CommandRun run = CommandRun.of("vhd", "create", dir.resolve("x.vhdx").toString(), "--size", "1M", "--bogus");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertTrue(run.err().startsWith("vhdboot: Unknown option"), run.err());
    }

    @Test
    void missingImageIsReportedInOneLine() {
        CommandRun run = CommandRun.of("vhd", "info", dir.resolve("missing.vhdx").toString());
        assertEquals(ExitCode.INVALID_IMAGE.code(), run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("missing.vhdx: no such file"), run.err());
    }
}
