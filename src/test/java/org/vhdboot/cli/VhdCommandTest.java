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
        CommandRun json = CommandRun.of("vhd", "info", "--json", child);
        assertTrue(json.out().contains("\"format\" : \"vhd\""), json.out());
    }

    @Test
    void convertOntoAnExistingFileSaysAlreadyExistsOnce() throws Exception {
        String source = dir.resolve("s.vhdx").toString();
        String target = dir.resolve("t.raw").toString();
        assertEquals(0, CommandRun.of("vhd", "create", source, "--size", "4M").exitCode());
        java.nio.file.Files.writeString(dir.resolve("t.raw"), "mine");
        CommandRun run = CommandRun.of("vhd", "convert", "-q", source, target);
        CliAssertions.assertOneLineError(run, ExitCode.PRECONDITION, target + ": already exists (remove it first)");
        assertEquals(1, run.err().split("already exists", -1).length - 1, run.err());
        assertEquals("mine", java.nio.file.Files.readString(dir.resolve("t.raw")));
    }

    @Test
    void infoAndCheckAgreeThatAPendingLogNeedsReplayAndDiffRefusesSuchAParent() throws Exception {
        Path parent = new org.vhdboot.disk.testing.HostileImages(dir).zeroDescriptorOfOneTib();
        org.vhdboot.disk.testing.FileDigests before = org.vhdboot.disk.testing.FileDigests.of(parent);
        CommandRun info = CommandRun.of("vhd", "info", parent.toString());
        CommandRun check = CommandRun.of("vhd", "check", parent.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertEquals(ExitCode.PROBLEMS.code(), check.exitCode(), check.toString());
        for (CommandRun run : new CommandRun[] {info, check}) {
            assertTrue(run.out().contains("problem: zero-descriptor-1tib.vhdx: the log is not empty"), run.out());
            assertTrue(run.out().contains("(depth 0): 1 problem(s)"), run.out());
        }
        for (String command : new String[] {"info", "check"}) {
            CommandRun json = CommandRun.of("vhd", command, "--json", parent.toString());
            assertTrue(json.out().contains("\"healthy\" : false"), json.out());
            assertTrue(json.out().contains("\"exit_code\" : " + json.exitCode()), json.out());
        }

        Path child = parent.resolveSibling("child.vhdx");
        CommandRun diff = CommandRun.of("vhd", "diff", child.toString(), "--parent", parent.toString());
        CliAssertions.assertOneLineError(diff, ExitCode.INVALID_IMAGE, "vhdboot vhd check --repair");
        assertTrue(java.nio.file.Files.notExists(child));
        before.assertUnchanged();
    }

    @Test
    void unknownOptionIsAUsageError() {
        CommandRun run = CommandRun.of("vhd", "create", dir.resolve("x.vhdx").toString(), "--size", "1M", "--bogus");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertTrue(run.err().startsWith("vhdboot: error: Unknown option"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void missingImageIsReportedInOneLine() {
        CommandRun run = CommandRun.of("vhd", "info", dir.resolve("missing.vhdx").toString());
        assertEquals(ExitCode.INVALID_IMAGE.code(), run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("missing.vhdx: no such file"), run.err());
    }

    @Test
    void noCommandPrintsUsageAsAUsageError() {
        CommandRun run = CommandRun.of();
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("Usage: vhdboot"), run.err());
        assertTrue(!run.err().contains("internal error"), run.err());
    }

    @Test
    void helpTextsRenderWithoutWarnings() {
        for (String[] args : new String[][] {{"--help"}, {"agent", "install", "--help"}, {"init", "--help"}, {"vhd", "--help"}}) {
            CommandRun run = CommandRun.of(args);
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(!run.err().contains("WARN") && !run.out().contains("WARN"), run.toString());
        }
    }

    @Test
    void initRefusesALayoutFolderSinceItAlwaysBuildsBesideTheParent() throws Exception {
        java.nio.file.Path parent = dir.resolve("p.vhdx");
        assertEquals(0, CommandRun.of("vhd", "create", parent.toString(), "--size", "16M").exitCode());
        java.nio.file.Path elsewhere = java.nio.file.Files.createDirectory(dir.resolve("elsewhere"));
        CommandRun run = CommandRun.of("init", "--parent", parent.toString(), "--boot-store", "none",
                "--layout", elsewhere.toString());
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("vhdboot: error: Unknown options: '--layout'"), run.err());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("vhdboot.ini")), "nothing was made");
    }

    @Test
    void aParentIsNeverWrittenByVhdWriteAndACleanOneIsNotTouchedByRepair() throws Exception {
        java.nio.file.Path parent = dir.resolve("p.vhdx");
        java.nio.file.Path data = java.nio.file.Files.writeString(dir.resolve("data.txt"), "hello");
        assertEquals(0, CommandRun.of("vhd", "create", parent.toString(), "--size", "16M").exitCode());
        assertEquals(0, CommandRun.of("vhd", "diff", dir.resolve("c.vhdx").toString(), "--parent", parent.toString())
                .exitCode());
        String before = org.vhdboot.disk.testing.FileDigests.sha256(parent);

        CommandRun write = CommandRun.of("vhd", "write", parent.toString(), "--offset", "0", "--input", data.toString());
        assertEquals(ExitCode.PRECONDITION.code(), write.exitCode(), write.toString());
        assertTrue(write.err().contains("is the parent of c.vhdx"), write.err());

        CommandRun repair = CommandRun.of("vhd", "check", "--repair", parent.toString());
        assertEquals(0, repair.exitCode(), repair.toString());
        assertTrue(repair.err().contains("nothing to repair"), repair.err());
        assertEquals(before, org.vhdboot.disk.testing.FileDigests.sha256(parent));
    }

    @Test
    void impossibleWritesAreUsageErrors() throws Exception {
        java.nio.file.Path image = dir.resolve("w.vhdx");
        java.nio.file.Path data = java.nio.file.Files.writeString(dir.resolve("data.txt"), "hello");
        assertEquals(0, CommandRun.of("vhd", "create", image.toString(), "--size", "16M").exitCode());
        String before = org.vhdboot.disk.testing.FileDigests.sha256(image);
        for (String[] args : new String[][] {
                {"--offset", "9223372036854775807", "--input", data.toString()},
                {"--offset", "0", "--input", dir.resolve("missing.bin").toString()},
                {"--offset", "0", "--input", dir.toString()}}) {
            String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("vhd", "write", image.toString()),
                    java.util.Arrays.stream(args)).toArray(String[]::new);
            CommandRun run = CommandRun.of(all);
            assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
        }
        assertEquals(before, org.vhdboot.disk.testing.FileDigests.sha256(image));
    }

    @Test
    void aFileWhereAFolderBelongsIsNamedInPlainWords() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("not-a-folder"), "x");
        CommandRun run = CommandRun.of("demo", file.toString());
        assertEquals(ExitCode.IO_ERROR.code(), run.exitCode(), run.toString());
        assertEquals("vhdboot: error: " + file + ": not a folder", run.err().strip());
    }

    @Test
    void creatingInAMissingFolderNamesTheFolder() {
        CommandRun run = CommandRun.of("vhd", "create", dir.resolve("nowhere/a.vhdx").toString(), "--size", "16M");
        assertEquals(ExitCode.IO_ERROR.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("the folder") && run.err().contains("nowhere") && !run.err().contains("tmp.vhdx"),
                run.err());
    }
}
