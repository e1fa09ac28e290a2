package org.vhdboot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.PatternBytes;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vhdboot.cli.CliAssertions.assertOneLineError;

/** {@code vhdboot vhd create|diff|info|check|write|convert}: what they do and how they fail. */
class VhdCommandLineTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private static CommandRun ok(String... args) {
        CommandRun run = CommandRun.of(args);
        assertEquals(0, run.exitCode(), run.toString());
        return run;
    }

    private Path input(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void createDiffWriteAndConvertProduceTheExpectedDisk() throws Exception {
        ok("vhd", "create", path("p.vhdx"), "--size", "16M", "--block-size", "1M");
        byte[] first = PatternBytes.of(1, 3_000_000);
        ok("vhd", "write", path("p.vhdx"), "--offset", "1234567", "--input", input("a.bin", first).toString());
        ok("vhd", "diff", path("c.vhdx"), "--parent", path("p.vhdx"));
        byte[] second = PatternBytes.of(2, 5000);
        ok("vhd", "write", path("c.vhdx"), "--offset", "3M", "--input", input("b.bin", second).toString());
        ok("vhd", "convert", path("c.vhdx"), path("flat.vhd"), "--quiet");

        DiskModel expected = new DiskModel(16 * MIB);
        expected.write(1234567, first);
        expected.write(3 * MIB, second);
        assertArrayEquals(expected.bytes(), DiskReads.readAll(new DiskImages(), dir.resolve("c.vhdx")));
        assertArrayEquals(expected.bytes(), DiskReads.readAll(new DiskImages(), dir.resolve("flat.vhd")));
    }

    @Test
    void createReportsWhatItMade() {
        CommandRun run = ok("vhd", "create", path("f.vhd"), "--size", "8M", "--type", "fixed");
        assertTrue(run.out().contains("created " + path("f.vhd") + ": fixed VHD, 8.0 MiB"), run.out());
    }

    @Test
    void createWarnsAboutSizesThatAreNotWholeMebibytes() {
        CommandRun run = ok("vhd", "create", path("odd.vhdx"), "--size", "8200K");
        assertTrue(run.err().contains("warning: size 8396800 is not a multiple of 1 MiB"), run.err());
    }

    @Test
    void createRefusesAnExistingFile() throws Exception {
        ok("vhd", "create", path("a.vhd"), "--size", "8M");
        FileDigests before = FileDigests.of(dir.resolve("a.vhd"));
        assertOneLineError(CommandRun.of("vhd", "create", path("a.vhd"), "--size", "16M"), ExitCode.PRECONDITION,
                "already exists");
        before.assertUnchanged();
    }

    @Test
    void impossibleCreateRequestsAreUsageErrors() {
        assertOneLineError(CommandRun.of("vhd", "create", path("a.vhd"), "--size", "8M", "--block-size", "1M"),
                ExitCode.USAGE, "use 512K or 2M");
        assertOneLineError(CommandRun.of("vhd", "create", path("b.vhd"), "--size", "8M", "--logical-sector-size",
                "4096"), ExitCode.USAGE, "only 512-byte sectors");
        assertOneLineError(CommandRun.of("vhd", "create", path("c.vhdx"), "--size", "1000"), ExitCode.USAGE,
                "not a positive multiple");
        assertOneLineError(CommandRun.of("vhd", "create", path("d.vhdx"), "--size", "8M", "--block-size", "3M"),
                ExitCode.USAGE, "not a power of two");
        assertOneLineError(CommandRun.of("vhd", "create", path("e.vhd"), "--size", "3T"), ExitCode.USAGE,
                "beyond the VHD limit");
        assertOneLineError(CommandRun.of("vhd", "create", path("f.qcow2"), "--size", "8M"), ExitCode.USAGE,
                "cannot tell the image format");
        for (String name : new String[] {"a.vhd", "b.vhd", "c.vhdx", "d.vhdx", "e.vhd", "f.qcow2"}) {
            assertTrue(Files.notExists(dir.resolve(name)), name);
        }
    }

    @Test
    void aBadSizeIsAUsageError() {
        CommandRun run = CommandRun.of("vhd", "create", path("a.vhdx"), "--size", "lots");
        assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("'lots' is not a size"), run.err());
    }

    @Test
    void diffRefusesAnExistingChildAndAMissingParent() throws Exception {
        ok("vhd", "create", path("p.vhd"), "--size", "8M");
        ok("vhd", "diff", path("c.vhd"), "--parent", path("p.vhd"));
        assertOneLineError(CommandRun.of("vhd", "diff", path("c.vhd"), "--parent", path("p.vhd")),
                ExitCode.PRECONDITION, "already exists");
        assertOneLineError(CommandRun.of("vhd", "diff", path("d.vhd"), "--parent", path("none.vhd")),
                ExitCode.INVALID_IMAGE, "none.vhd: no such file");
        assertTrue(Files.notExists(dir.resolve("d.vhd")));
    }

    @Test
    void infoShowsEveryLayerAndTheChain() throws Exception {
        ok("vhd", "create", path("p.vhdx"), "--size", "8M");
        ok("vhd", "diff", path("c.vhdx"), "--parent", path("p.vhdx"));
        CommandRun run = ok("vhd", "info", path("c.vhdx"));
        assertTrue(run.out().contains("format:                VHDX differencing"), run.out());
        assertTrue(run.out().contains("format:                VHDX dynamic"), run.out());
        assertTrue(run.out().contains("parent relative path:  .\\p.vhdx"), run.out());
        assertTrue(run.out().contains("chain: c.vhdx -> p.vhdx (depth 1): healthy"), run.out());
    }

    @Test
    void infoJsonDescribesTheChain() throws Exception {
        ok("vhd", "create", path("p.vhd"), "--size", "8M");
        ok("vhd", "diff", path("c.vhd"), "--parent", path("p.vhd"));
        JsonNode json = new ObjectMapper().readTree(ok("vhd", "info", path("c.vhd"), "--json").out());
        assertTrue(json.get("healthy").asBoolean());
        assertEquals(1, json.get("depth").asInt());
        assertEquals(0, json.get("exit_code").asInt());
        assertEquals(2, json.get("layers").size());
        assertEquals("differencing", json.get("layers").get(0).get("type").asText());
        assertEquals(8 * MIB, json.get("layers").get(1).get("virtual_size").asLong());
    }

    @Test
    void checkJsonReportsABrokenChain() throws Exception {
        ok("vhd", "create", path("p.vhd"), "--size", "8M");
        ok("vhd", "diff", path("c.vhd"), "--parent", path("p.vhd"));
        Files.delete(dir.resolve("p.vhd"));
        // info and check alike: the JSON describes what opens, and the chain's failure is the one error line too.
        for (String command : new String[] {"check", "info"}) {
            CommandRun run = CommandRun.of("vhd", command, path("c.vhd"), "--json");
            assertEquals(ExitCode.PARENT.code(), run.exitCode(), run.toString());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals(false, json.get("healthy").asBoolean());
            assertEquals(ExitCode.PARENT.code(), json.get("exit_code").asInt());
            assertTrue(json.get("error").asText().contains("parent of c.vhd not found"), json.toString());
            assertEquals(1, run.err().lines().count(), command + ": " + run.err());
            assertTrue(run.err().startsWith("vhdboot: error: ") && run.err().contains("parent of c.vhd not found"),
                    command + ": " + run.err());
        }
        // Nothing readable to describe: no JSON, the one error line.
        Files.write(dir.resolve("junk.vhdx"), new byte[100_000]);
        for (String command : new String[] {"check", "info"}) {
            CommandRun junk = CommandRun.of("vhd", command, path("junk.vhdx"), "--json");
            assertEquals(ExitCode.INVALID_IMAGE.code(), junk.exitCode(), junk.toString());
            assertEquals("", junk.out());
            assertEquals(1, junk.err().lines().count(), junk.err());
        }
    }

    @Test
    void writePastTheEndIsRefusedBeforeAnythingChanges() throws Exception {
        ok("vhd", "create", path("a.vhdx"), "--size", "8M");
        FileDigests before = FileDigests.of(dir.resolve("a.vhdx"));
        Path data = input("d.bin", new byte[4096]);
        assertOneLineError(CommandRun.of("vhd", "write", path("a.vhdx"), "--offset", "8M", "--input", data.toString()),
                ExitCode.USAGE, "would pass the end");
        before.assertUnchanged();
    }

    @Test
    void writingAnEmptyFileChangesNothing() throws Exception {
        ok("vhd", "create", path("a.vhdx"), "--size", "8M");
        FileDigests before = FileDigests.of(dir.resolve("a.vhdx"));
        ok("vhd", "write", path("a.vhdx"), "--offset", "1000", "--input", input("empty.bin", new byte[0]).toString());
        before.assertUnchanged();
    }

    @Test
    void convertRefusesAnExistingTarget() throws Exception {
        ok("vhd", "create", path("a.vhd"), "--size", "8M");
        ok("vhd", "create", path("b.vhdx"), "--size", "8M");
        FileDigests before = FileDigests.of(dir.resolve("b.vhdx"));
        assertOneLineError(CommandRun.of("vhd", "convert", path("a.vhd"), path("b.vhdx"), "-q"),
                ExitCode.PRECONDITION, "already exists");
        before.assertUnchanged();
    }
}
