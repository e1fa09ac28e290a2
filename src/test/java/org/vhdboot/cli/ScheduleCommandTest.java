package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.layout.Layout;
import org.vhdboot.ops.LayoutFixture;
import org.vhdboot.ops.TestWorld;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code schedule} reads from its command line: each bad value is a one-line usage error that changes nothing. */
class ScheduleCommandTest {
    @TempDir
    Path dir;

    @TempDir
    Path bcd;

    private final TestWorld world = new TestWorld();

    @Test
    void badValuesAreUsageErrorsAndChangeNothing() throws Exception {
        LayoutFixture.initialized(dir, world);
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        for (String[] option : new String[][] {{"--warn", "-5m"}, {"--warn", "100000h"}, {"--days", "funday"},
                {"--missed", "maybe"}, {"--target", "parent"}}) {
            CommandRun run = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily",
                    "02:00", option[0], option[1]);
            assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
        }
        CommandRun badTime = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily", "25:99");
        assertEquals(ExitCode.USAGE.code(), badTime.exitCode(), badTime.toString());
        assertTrue(badTime.err().contains("HH:MM"), badTime.err());
        CommandRun neither = CommandRun.with(world.services(), "schedule", "--layout", dir.toString());
        assertEquals(ExitCode.USAGE.code(), neither.exitCode(), neither.toString());
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)));
    }

    @Test
    void showAndUnschedulePrintWhatTheyFound() throws Exception {
        initializedWithBootEntries();
        assertTrue(CommandRun.with(world.services(), "schedule", "--show", "--layout", dir.toString()).out()
                .contains("no schedule"));
        assertEquals(0, CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily", "03:30",
                "--days", "sat,sun").exitCode());
        CommandRun show = CommandRun.with(world.services(), "schedule", "--show", "--layout", dir.toString());
        assertTrue(show.out().contains("reset current at 03:30 sat,sun, warning users 10m ahead; missed resets: reset"),
                show.out());
        assertTrue(show.out().contains("next run: "), show.out());
        assertTrue(CommandRun.with(world.services(), "unschedule", "--layout", dir.toString()).out()
                .contains("schedule removed"));
        assertTrue(CommandRun.with(world.services(), "unschedule", "--layout", dir.toString()).out()
                .contains("there was no schedule"));
        assertEquals("{\n  \"removed\" : false\n}", CommandRun.with(world.services(), "unschedule", "--json",
                "--layout", dir.toString()).out().strip().replace("\r", ""));
    }

    /**
     * A layout whose boot entries vhdboot changes at once through bcdedit (its behaviour in the JVM), so the agent
     * can restart into Recovery and start a pulled version once.
     */
    private void initializedWithBootEntries() throws Exception {
        FakeBcdedit bcdedit = FakeBcdedit.in(bcd, "en", "utf-8");
        world.withBcdedit(bcdedit);
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        CommandRun init = CommandRun.with(world.services(), "init", "--parent", layout.parent.toString(),
                "--boot-folder", "C:\\VHD");
        assertEquals(0, init.exitCode(), init.toString());
    }

    /**
     * The agent switches to a pulled version by starting its slot once, and restarts into Recovery once for the reset
     * of Current: without boot entries of vhdboot's it never could, so both are refused before anything is stored,
     * the schedule that came with the policy included.
     */
    @Test
    void anUpdatePolicyIsRefusedWhereVhdbootMakesNoBootEntries() throws Exception {
        LayoutFixture.initialized(dir, world);
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        CommandRun refused = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily",
                "02:00", "--pull", "oci://registry.lab:5000/win11:stable");
        assertEquals(ExitCode.PRECONDITION.code(), refused.exitCode(), refused.toString());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("vhdboot: error: schedule --pull refused: ") && refused.err()
                .contains("boot_store = none") && refused.err().contains("--boot-store bcdedit") && refused.err()
                .contains("`vhdboot image pull oci://registry.lab:5000/win11:stable --layout " + dir + "`"),
                refused.err());
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)), "not even the schedule was stored");

        CommandRun nightly = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily",
                "02:00");
        assertEquals(ExitCode.PRECONDITION.code(), nightly.exitCode(), nightly.toString());
        assertTrue(nightly.err().startsWith("vhdboot: error: schedule refused: the nightly reset of Current restarts"
                + " into Recovery once, and this layout has boot_store = none"), nightly.err());
        assertEquals(1, nightly.err().lines().count(), nightly.err());
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)));

        assertEquals(0, CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily", "02:00",
                "--target", "recovery").exitCode(), "resetting Recovery needs no restart");
        String scheduled = Files.readString(dir.resolve(Layout.INI_NAME));
        CommandRun added = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--pull",
                "oci://registry.lab:5000/win11:stable");
        assertEquals(ExitCode.PRECONDITION.code(), added.exitCode(), added.toString());
        assertEquals(scheduled, Files.readString(dir.resolve(Layout.INI_NAME)));
        assertEquals(0, CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--no-pull")
                .exitCode(), "removing a policy is always possible");
    }

    @Test
    void anUpdatePolicyIsStoredShownAndRemovedWithoutASecret() throws Exception {
        initializedWithBootEntries();
        Path auth = Files.writeString(dir.resolve("registry-auth.json"), "{\"auths\": {}}");
        CommandRun withoutSchedule = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--pull",
                "oci://registry.lab:5000/win11:stable");
        assertEquals(ExitCode.USAGE.code(), withoutSchedule.exitCode(), withoutSchedule.toString());
        CommandRun badReference = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily",
                "02:00", "--pull", "oci://registry.lab/Win11:stable");
        assertEquals(ExitCode.USAGE.code(), badReference.exitCode(), badReference.toString());

        String before = Files.readString(dir.resolve(Layout.INI_NAME));
        Path brokenAuth = Files.writeString(dir.resolve("broken-auth.json"), "{\"auths\": {\n  \"registry.lab\": ");
        Path notACertificate = Files.writeString(dir.resolve("lab-ca.pem"), "-----BEGIN CERTIFICATE-----\nbroken\n");
        Map<String, List<String>> refusals = Map.of(
                "registry.lab:5000 is not on loopback", List.of("--pull-insecure"),
                "--pull-auth-file: " + brokenAuth + " is not valid JSON (line 2", List.of("--pull-auth-file",
                        brokenAuth.toString()),
                "--pull-ca-cert: cannot read the CA certificate file", List.of("--pull-ca-cert",
                        notACertificate.toString()));
        for (Map.Entry<String, List<String>> refusal : refusals.entrySet()) {
            List<String> args = new ArrayList<>(List.of("schedule", "--layout", dir.toString(), "--daily", "02:00",
                    "--pull", "oci://registry.lab:5000/win11:stable"));
            args.addAll(refusal.getValue());
            CliAssertions.assertOneLineError(CommandRun.with(world.services(), args.toArray(String[]::new)),
                    ExitCode.USAGE, refusal.getKey());
        }
        assertEquals(before, Files.readString(dir.resolve(Layout.INI_NAME)), "a refused policy stores nothing");

        CommandRun set = CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--daily", "02:00",
                "--pull", "oci://registry.lab:5000/win11:stable", "--pull-auth-file", auth.toString());
        assertEquals(0, set.exitCode(), set.toString());
        assertTrue(set.out().contains("after each reset: pull oci://registry.lab:5000/win11:stable"), set.out());
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        assertTrue(ini.contains("pull = oci://registry.lab:5000/win11:stable"), ini);
        assertTrue(ini.contains("pull_auth_file = " + auth.toAbsolutePath()), ini);
        CommandRun json = CommandRun.with(world.services(), "schedule", "--show", "--json", "--layout", dir.toString());
        assertTrue(json.out().contains("\"reference\" : \"oci://registry.lab:5000/win11:stable\""), json.out());

        assertEquals(0, CommandRun.with(world.services(), "schedule", "--layout", dir.toString(), "--no-pull")
                .exitCode());
        assertTrue(!Files.readString(dir.resolve(Layout.INI_NAME)).contains("pull"));
        CommandRun status = CommandRun.with(world.services(), "status", "--json", "--layout", dir.toString());
        assertTrue(status.out().contains("\"pull_from\" : null"), status.out());
    }
}
