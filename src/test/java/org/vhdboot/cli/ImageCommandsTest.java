package org.vhdboot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.ops.LayoutFixture;
import org.vhdboot.ops.TestWorld;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code image} commands through the command line: what they print, their {@code --json}, their exit codes and
 * one-line errors. What they do is tested in process (ops); this is what the command line adds.
 */
class ImageCommandsTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    private CommandRun run(String... args) {
        return CommandRun.with(world.services(), args);
    }

    @Test
    void commitListAndTheErrorsOfTheImageCommands() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world.services());
        layout.writeUserChanges(layout.current);
        String at = dir.toString();

        CommandRun commit = run("image", "commit", "2026-12", "--note", "monthly updates", "--layout", at);
        assertEquals(0, commit.exitCode(), commit.toString());
        assertTrue(commit.out().startsWith("committed version 2026-12 (Gold-v-2026-12.vhdx, "), commit.out());

        CommandRun list = run("image", "list", "--json", "--layout", at);
        assertEquals(0, list.exitCode(), list.toString());
        JsonNode report = new ObjectMapper().readTree(list.out());
        assertEquals("2026-12", report.get("versions").get(1).get("name").asText());
        assertEquals("base", report.get("versions").get(1).get("parent").asText());
        assertEquals("monthly updates", report.get("versions").get(1).get("note").asText());
        assertEquals("slot a (current)", report.get("versions").get(1).get("used_by").get(0).asText());
        assertEquals(64, report.get("versions").get(1).get("sha256").asText().length());
        assertEquals("a", report.get("active_slot").asText());
        assertEquals("2026-12", report.get("current_version").asText());
        assertTrue(report.get("last_switch").isNull());
        CommandRun text = run("image", "list", "--layout", at);
        assertTrue(text.out().contains("2026-12") && text.out().contains("<- slot a (current)"), text.out());

        CliAssertions.assertOneLineError(run("image", "commit", "..\\x", "--layout", at), ExitCode.USAGE,
                "cannot be a version name");
        // Its file would be the working file of version y, written over and deleted when y is made.
        CliAssertions.assertOneLineError(run("image", "commit", "y.vhdboot-tmp", "--layout", at), ExitCode.USAGE,
                "'.vhdboot-' marks vhdboot's working files");
        CliAssertions.assertOneLineError(run("snapshot", "create", "s.VHDBOOT-TMP", "--layout", at), ExitCode.USAGE,
                "cannot be a snapshot name");
        CliAssertions.assertOneLineError(run("snapshot", "create", "Base", "--layout", at), ExitCode.USAGE,
                "'Base' cannot be a snapshot name: it names the layout's parent (version:base); pick another name");
        // A note no longer than a published one, so notes alone never grow vhdboot.ini past what it reads back.
        byte[] iniBefore = java.nio.file.Files.readAllBytes(dir.resolve("vhdboot.ini"));
        CliAssertions.assertOneLineError(run("image", "commit", "2027-01", "--note", "n".repeat(1025), "--layout", at),
                ExitCode.USAGE, "a version's note is at most 1024 characters; this one has 1025");
        CliAssertions.assertOneLineError(run("snapshot", "create", "s", "--note", "n".repeat(5000), "--layout", at),
                ExitCode.USAGE, "a snapshot's note is at most 1024 characters; this one has 5000");
        CliAssertions.assertOneLineError(run("snapshot", "create", "s", "--at-restart", "--note", "n".repeat(1025),
                "--layout", at), ExitCode.USAGE, "a snapshot's note is at most 1024 characters");
        assertArrayEquals(iniBefore, java.nio.file.Files.readAllBytes(dir.resolve("vhdboot.ini")));
        assertEquals(0, run("snapshot", "create", "s", "--note", "n".repeat(1024), "--layout", at).exitCode());
        CliAssertions.assertOneLineError(run("image", "switch", "nope", "--layout", at), ExitCode.PRECONDITION,
                "the layout has no version nope");
        CliAssertions.assertOneLineError(run("image", "switch", "base", "--layout", at), ExitCode.PRECONDITION,
                "boot_store = none");
        CliAssertions.assertOneLineError(run("image", "switch", "base", "--confirm-within", "5x", "--layout", at),
                ExitCode.USAGE, "--confirm-within");
        CliAssertions.assertOneLineError(run("image", "confirm", "--layout", at), ExitCode.PRECONDITION,
                "no switch is pending");
        CliAssertions.assertOneLineError(run("image", "add", dir.resolve("missing.vhdx").toString(), "--layout", at),
                ExitCode.INVALID_IMAGE, "missing.vhdx");
        assertEquals(ExitCode.USAGE.code(), run("image").exitCode());
        // Plain HTTP for loopback, given for a registry elsewhere: refused before anything is asked of anyone.
        for (String[] command : new String[][] {{"image", "inspect", "oci://registry.lab:5000/win11:v1", "--insecure"},
                {"image", "pull", "oci://registry.lab:5000/win11:v1", "--insecure", "--layout", at},
                {"image", "push", "2026-12", "oci://registry.lab:5000/win11:v1", "--insecure", "--layout", at},
                // Before the reference, which it leaves to be the reference: only a scope word is its value.
                {"image", "inspect", "--insecure", "oci://registry.lab:5000/win11:v1"},
                {"image", "pull", "--insecure", "oci://registry.lab:5000/win11:v1", "--layout", at},
                {"image", "push", "2026-12", "--insecure", "oci://registry.lab:5000/win11:v1", "--layout", at},
                {"image", "inspect", "--insecure", "loopback", "oci://registry.lab:5000/win11:v1"}}) {
            CliAssertions.assertOneLineError(run(command), ExitCode.USAGE, "registry.lab:5000 is not on loopback");
        }
        CliAssertions.assertOneLineError(run("image", "inspect", "--insecure=anyhost", "oci://127.0.0.1:1/w:v1"),
                ExitCode.USAGE, "--insecure takes loopback or any-host");
        // A CA file without a certificate, an auth file that is no config.json: the option's value, refused (exit 2).
        Path notACertificate = Files.writeString(dir.resolve("lab-ca.pem"), "no certificate here\n");
        Path notJson = Files.writeString(dir.resolve("auth.json"), "{\"auths\": ");
        CliAssertions.assertOneLineError(run("image", "inspect", "oci://127.0.0.1:1/w:v1", "--ca-cert",
                notACertificate.toString()), ExitCode.USAGE, "--ca-cert: cannot read the CA certificate file " + notACertificate);
        CliAssertions.assertOneLineError(run("image", "pull", "oci://127.0.0.1:1/w:v1", "--auth-file",
                notJson.toString(), "--layout", at), ExitCode.USAGE, "--auth-file: " + notJson + " is not valid JSON");
        CliAssertions.assertOneLineError(run("image", "inspect", "oci://127.0.0.1:1/w:v1", "--ca-cert", dir.toString()),
                ExitCode.USAGE, dir + ": not a file");
        CliAssertions.assertOneLineError(run("image", "inspect", "oci://127.0.0.1:1/w:v1", "--auth-file",
                dir.resolve("none.json").toString()), ExitCode.USAGE, dir.resolve("none.json") + ": no such file");
        CommandRun flatten = run("image", "flatten", "2026-12", "--to", dir.resolve("flat.vhdx").toString(), "--dry-run",
                "--layout", at);
        assertTrue(flatten.out().startsWith("would write version 2026-12 (1 link) as one image to "), flatten.out());
        JsonNode flattenJson = new ObjectMapper().readTree(run("image", "flatten", "2026-12", "--to",
                dir.resolve("flat.vhdx").toString(), "--dry-run", "--json", "--layout", at).out());
        assertTrue(flattenJson.get("dry_run").asBoolean());
        assertTrue(flattenJson.get("plan").get(0).asText().startsWith("write version 2026-12 (1 link) as one image to "),
                flattenJson.toString());
        CommandRun prune = run("image", "prune", "--layout", at);
        assertEquals(0, prune.exitCode(), prune.toString());
        assertTrue(prune.out().startsWith("nothing to prune"), prune.out());
        CommandRun status = run("status", "--json", "--layout", at);
        JsonNode statusJson = new ObjectMapper().readTree(status.out());
        assertEquals("a", statusJson.get("active_slot").asText());
        assertTrue(statusJson.has("last_switch") && statusJson.has("interrupted_operation"), status.out());
    }

    /**
     * vhdboot.ini near the most vhdboot reads back (here a hand-edited note; in life hundreds of snapshots): the
     * commands that add images refuse before anything changes, as a change whose record could not be written would
     * hold up every later command; those that remove images still work and make room.
     */
    @Test
    void aLayoutWhoseRecordIsNearlyFullAddsNoImageButCanRemoveOne() throws Exception {
        LayoutFixture master = LayoutFixture.initialized(Files.createDirectories(dir.resolve("master")),
                world.services());
        assertEquals(0, run("image", "commit", "2026-12", "--layout", master.folder.toString()).exitCode());
        String share = "oci-layout:" + dir.resolve("share") + ":2026-12";
        assertEquals(0, run("image", "push", "2026-12", share, "-q", "--layout", master.folder.toString()).exitCode());
        Path lab = Files.createDirectories(dir.resolve("lab"));
        Files.copy(master.parent, lab.resolve("Gold.vhdx"));
        assertEquals(0, run("init", "--parent", lab.resolve("Gold.vhdx").toString(), "--boot-store", "none").exitCode());
        String at = lab.toString();
        assertEquals(0, run("snapshot", "create", "long", "--note", "short", "--layout", at).exitCode());
        Path ini = lab.resolve("vhdboot.ini");
        Files.writeString(ini, Files.readString(ini).replace("note = short", "note = " + "n".repeat(960 << 10)));
        byte[] full = Files.readAllBytes(ini);

        List<Map.Entry<String, String[]>> adding = List.of(
                Map.entry("snapshot create", new String[] {"snapshot", "create", "more"}),
                Map.entry("image commit", new String[] {"image", "commit", "2027-01"}),
                Map.entry("snapshot create", new String[] {"snapshot", "create", "later", "--at-restart"}),
                Map.entry("image pull", new String[] {"image", "pull", share, "-q"}),
                Map.entry("reset --keep-old", new String[] {"reset", "--yes", "--keep-old"}),
                Map.entry("snapshot revert --keep-old", new String[] {"snapshot", "revert", "long", "--yes", "--keep-old"}));
        for (Map.Entry<String, String[]> command : adding) {
            CommandRun refused = run(java.util.stream.Stream.concat(java.util.Arrays.stream(command.getValue()),
                    java.util.stream.Stream.of("--layout", at)).toArray(String[]::new));
            CliAssertions.assertOneLineError(refused, ExitCode.PRECONDITION, ini + " holds 961 KiB, near the 1024 KiB"
                    + " vhdboot reads back, so " + command.getKey() + " adds nothing to it; remove snapshots or versions"
                    + " first (snapshot delete, image prune)");
            assertArrayEquals(full, Files.readAllBytes(ini), String.join(" ", command.getValue()));
        }
        try (var files = Files.list(lab)) {
            assertEquals(List.of("Gold-Current.vhdx", "Gold-Recovery.vhdx", "Gold-s-long.vhdx", "Gold.vhdx",
                    "vhdboot.ini", "vhdboot.lock", "vhdboot.log", "vhdboot.transfer.lock"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // A plain reset adds nothing to the record: the nightly one always runs.
        assertEquals(0, run("reset", "--yes", "--layout", at).exitCode());
        assertEquals(0, run("snapshot", "delete", "long", "--yes", "--layout", at).exitCode());
        CommandRun pull = run("image", "pull", share, "-q", "--layout", at);
        assertEquals(0, pull.exitCode(), pull.toString());
    }

    /** A pull ends by saying how to boot what it brought, which only a layout with boot entries can do. */
    @Test
    void aPulledVersionIsOfferedForASwitchOnlyWhereTheLayoutMakesBootEntries() throws Exception {
        LayoutFixture master = LayoutFixture.initialized(Files.createDirectories(dir.resolve("master")),
                world.services());
        master.writeUserChanges(master.current);
        String masterAt = master.folder.toString();
        assertEquals(0, run("image", "commit", "2026-12", "--layout", masterAt).exitCode());
        String share = "oci-layout:" + dir.resolve("share") + ":2026-12";
        CommandRun push = run("image", "push", "2026-12", share, "-q", "--layout", masterAt);
        assertEquals(0, push.exitCode(), push.toString());
        for (String store : new String[] {"none", "script"}) {
            Path lab = Files.createDirectories(dir.resolve("lab-" + store));
            Files.copy(master.parent, lab.resolve("Gold.vhdx"));
            CommandRun init = run("init", "--parent", lab.resolve("Gold.vhdx").toString(), "--boot-store", store,
                    "--boot-folder", "C:\\VHD");
            assertEquals(0, init.exitCode(), init.toString());
            CommandRun pull = run("image", "pull", share, "-q", "--layout", lab.toString());
            assertEquals(0, pull.exitCode(), pull.toString());
            String last = pull.out().lines().reduce((first, second) -> second).orElse("");
            assertEquals(store.equals("none")
                    ? "version 2026-12 is recorded; no switch to it here: boot_store = none (vhdboot makes no boot entries)"
                    : "version 2026-12 is ready: `vhdboot image switch 2026-12` boots it next", last);
        }
    }
}
