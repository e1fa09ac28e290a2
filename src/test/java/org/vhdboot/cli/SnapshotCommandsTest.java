package org.vhdboot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.layout.Layout;
import org.vhdboot.ops.LayoutFixture;
import org.vhdboot.ops.TestWorld;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restore-point commands end to end, through the command line: what they print, the {@code --json} schema of
 * {@code snapshot list}, and the exit codes of refusals. What they do is tested in process (ops).
 */
class SnapshotCommandsTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    private CommandRun run(String... args) {
        return CommandRun.with(world.services(), args);
    }

    @Test
    void createListRevertDeleteThroughTheCommandLine() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world.services());
        layout.writeUserChanges(layout.current);
        String at = dir.toString();

        CommandRun create = run("snapshot", "create", "before-office", "--note", "clean install", "--layout", at);
        assertEquals(0, create.exitCode(), create.toString());
        assertTrue(create.out().startsWith("snapshot before-office: Gold-s-before-office.vhdx (on version:base);"
                + " Current is a fresh child of it, 2 links deep"), create.out());
        assertEquals(0, run("snapshot", "create", "office", "--layout", at).exitCode());

        CommandRun list = run("snapshot", "list", "--json", "--layout", at);
        assertEquals(0, list.exitCode(), list.toString());
        JsonNode report = new ObjectMapper().readTree(list.out());
        assertEquals("snapshot:office", report.get("base").asText());
        assertEquals(3, report.get("current_depth").asInt());
        assertEquals(16, report.get("max_depth").asInt());
        JsonNode images = report.get("images");
        assertEquals(4, images.size(), list.out());
        assertEquals("version", images.get(0).get("kind").asText());
        JsonNode first = images.get(1);
        assertEquals("before-office", first.get("name").asText());
        assertEquals("snapshot", first.get("kind").asText());
        assertEquals("Gold-s-before-office.vhdx", first.get("file").asText());
        assertEquals("version:base", first.get("parent").asText());
        assertEquals("clean install", first.get("note").asText());
        assertTrue(first.get("stored_bytes").asLong() > 0);
        assertEquals(1, first.get("depth").asInt());
        assertTrue(first.get("created").isTextual());
        assertTrue(images.get(2).get("base").asBoolean());
        assertEquals("current", images.get(3).get("kind").asText());
        assertEquals(3, images.get(3).get("depth").asInt());

        CommandRun text = run("snapshot", "list", "--layout", at);
        assertTrue(text.out().contains("    * Current  (Gold-Current.vhdx, 0 B stored, depth 3)"), text.out());
        assertTrue(text.out().contains("office  (snapshot, Gold-s-office.vhdx") && text.out()
                .contains("<- base: reset returns Current here"), text.out());

        CommandRun status = run("status", "--layout", at);
        assertTrue(status.out().contains("base: snapshot:office (reset returns Current there), Current 3 link(s)"
                + " deep, snapshots: before-office, office"), status.out());
        assertEquals(0, run("vhd", "check", layout.current.toString()).exitCode());

        CommandRun unconfirmed = run("snapshot", "revert", "before-office", "--layout", at);
        assertEquals(ExitCode.DECLINED.code(), unconfirmed.exitCode(), unconfirmed.toString());
        CommandRun revert = run("snapshot", "revert", "before-office", "--yes", "--keep-old", "--layout", at);
        assertEquals(0, revert.exitCode(), revert.toString());
        assertTrue(revert.out().startsWith("reverted to snapshot:before-office: Gold-Current.vhdx is a fresh child"),
                revert.out());
        assertTrue(revert.out().contains("kept the old Current as snapshot auto-"), revert.out());

        CommandRun delete = run("snapshot", "delete", "before-office", "--yes", "-q", "--layout", at);
        assertEquals(0, delete.exitCode(), delete.toString());
        // The kept Current stands on office, its base then; before-office had office and the new Current.
        assertTrue(delete.out().matches("(?s)deleted snapshot before-office \\(Gold-s-before-office.vhdx\\): .* merged"
                + " into snapshot:office, current .*"), delete.out());
        assertTrue(Files.notExists(dir.resolve("Gold-s-before-office.vhdx")));
    }

    /** A bidirectional override in a note would show the rest of the line reordered on a terminal. */
    @Test
    void aNoteIsListedWithItsBidirectionalOverridesEscaped() throws Exception {
        LayoutFixture.initialized(dir, world.services());
        String at = dir.toString();
        assertEquals(0, run("snapshot", "create", "rtl", "--note", "safe\u202Etxt.exe", "--layout", at).exitCode());
        CommandRun text = run("snapshot", "list", "--layout", at);
        assertTrue(text.out().contains("\"safe\\u202etxt.exe\"") && !text.out().contains("\u202E"), text.out());
        assertEquals(0, run("image", "commit", "v1", "--note", "v\u2066one", "-q", "--layout", at).exitCode());
        CommandRun versions = run("image", "list", "--layout", at);
        assertTrue(versions.out().contains("\"v\\u2066one\"") && !versions.out().contains("\u2066"), versions.out());
    }

    @Test
    void refusalsHaveTheirExitCodes() throws Exception {
        LayoutFixture.initialized(dir, world.services());
        String at = dir.toString();
        assertEquals(ExitCode.USAGE.code(), run("snapshot", "create", "../x", "--layout", at).exitCode());
        assertEquals(ExitCode.USAGE.code(), run("snapshot", "create", "COM1", "--layout", at).exitCode());
        assertEquals(ExitCode.PRECONDITION.code(), run("snapshot", "delete", "nope", "--yes", "--layout", at).exitCode());
        assertEquals(ExitCode.PRECONDITION.code(), run("snapshot", "revert", "nope", "--yes", "--layout", at)
                .exitCode());
        assertEquals(ExitCode.USAGE.code(), run("snapshot", "revert", "bad name", "--yes", "--layout", at).exitCode());
        assertEquals(ExitCode.USAGE.code(), run("reset", "recovery", "--to-parent", "--yes", "--layout", at)
                .exitCode());
        assertEquals(0, run("snapshot", "create", "one", "--layout", at).exitCode());
        CommandRun twice = run("snapshot", "create", "ONE", "--layout", at);
        assertEquals(ExitCode.PRECONDITION.code(), twice.exitCode());
        assertTrue(twice.err().contains("a snapshot named one exists already"), twice.toString());
    }

    /** The images' own links are the truth: an ini that says otherwise is reported by list, status and vhd check. */
    @Test
    void aDisagreementBetweenTheIniAndTheImagesIsReported() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world.services());
        String at = dir.toString();
        assertEquals(0, run("snapshot", "create", "one", "--layout", at).exitCode());
        Path ini = dir.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replace("base = snapshot:one", "base = version:base"));

        CommandRun list = run("snapshot", "list", "--layout", at);
        assertEquals(ExitCode.PROBLEMS.code(), list.exitCode(), list.toString());
        assertTrue(list.out().contains("problem: Current stands on snapshot:one by its own link, but vhdboot.ini says"
                + " it stands on version:base"), list.out());
        assertEquals(ExitCode.PROBLEMS.code(), run("status", "--layout", at).exitCode());
        CommandRun check = run("vhd", "check", layout.current.toString());
        assertEquals(ExitCode.PROBLEMS.code(), check.exitCode(), check.toString());
        assertTrue(check.out().contains("problem: Current stands on snapshot:one by its own link"), check.out());
    }
}
