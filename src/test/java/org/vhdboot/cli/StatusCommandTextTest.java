package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.FileBytes;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vhdboot status} as text: every file state renders, including one that exists but cannot be read. */
class StatusCommandTextTest {
    @TempDir
    Path dir;

    @Test
    void aTruncatedChildIsReportedAsAProblemNotAnInternalError() throws Exception {
        Path parent = dir.resolve("Win.vhdx");
        assertEquals(0, CommandRun.of("vhd", "create", parent.toString(), "--size", "16M").exitCode());
        CommandRun init = CommandRun.of("init", "--parent", parent.toString(), "--boot-store", "none");
        assertEquals(0, init.exitCode(), init.toString());
        FileBytes.truncate(dir.resolve("Win-Current.vhdx"), 100_000);

        CommandRun status = CommandRun.of("status", "--layout", dir.toString());
        assertEquals(ExitCode.PROBLEMS.code(), status.exitCode(), status.toString());
        assertFalse(status.err().contains("internal error"), status.toString());
        assertTrue(status.out().lines().anyMatch(line -> line.startsWith("  current   Win-Current.vhdx")
                && line.contains("BROKEN: ") && !line.contains("virtual")), status.out());
        assertTrue(status.out().lines().anyMatch(line -> line.startsWith("  recovery  Win-Recovery.vhdx")
                && line.endsWith("16.0 MiB virtual, 4.0 MiB file, 0 B own data, healthy")), status.out());
    }

    @Test
    void aMissingParentIsTheOneProblemAndNoResetIsAdvised() throws Exception {
        Path parent = dir.resolve("Win.vhdx");
        assertEquals(0, CommandRun.of("vhd", "create", parent.toString(), "--size", "16M").exitCode());
        assertEquals(0, CommandRun.of("init", "--parent", parent.toString(), "--boot-store", "none").exitCode());
        java.nio.file.Files.move(parent, dir.resolve("Win.vhdx.moved"));

        CommandRun status = CommandRun.of("status", "--layout", dir.toString());
        assertEquals(ExitCode.PROBLEMS.code(), status.exitCode(), status.toString());
        assertTrue(status.out().contains("problem: the parent Win.vhdx is missing"), status.out());
        assertFalse(status.out().contains("recreates it"), status.out());
        assertTrue(status.out().contains("1 problem(s)"), status.out());
        assertTrue(status.out().lines().anyMatch(line -> line.startsWith("  current   Win-Current.vhdx")
                && line.endsWith("BROKEN: cannot be checked until the parent is usable")), status.out());
        CommandRun json = CommandRun.of("status", "--json", "--layout", dir.toString());
        assertTrue(json.out().contains("\"link\" : \"its parent is not found\""), json.out());
    }
}
