package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.oci.testing.Registries;
import org.vhdboot.oci.testing.TestRegistry;
import org.vhdboot.windows.EventLog;
import org.vhdboot.windows.EventSeverity;
import org.vhdboot.windows.SystemRestart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code schedule --pull REF}: the agent in Recovery, after the nightly reset, pulls from the real registry with
 * credentials from a Docker config.json, records the outcome for {@code status}, and restarts into Current either
 * way. A failed pull leaves the machine on its version, logged and shown.
 */
@ExtendWith(Registries.class)
class ScheduledPullTest {
    @TempDir
    Path temp;

    private final RecordingRestart restart = new RecordingRestart();
    private final List<String> events = new ArrayList<>();
    private Registries.Set registries;
    private FleetFixture fleet;
    private Path authFile;
    private String reference;

    @BeforeEach
    void aLabWithANightlySchedule(Registries.Set given) throws Exception {
        registries = given;
        fleet = FleetFixture.withLabEntries(temp, new TestWorld().with(SystemRestart.class, restart)
                .with(EventLog.class, (id, severity, message) -> events.add(id + " " + severity + " " + message)));
        fleet.commit("2026-11", "base", 1 << 20, 11);
        reference = "oci://" + registries.basic().authority() + "/fleet/nightly-" + Long.toHexString(System.nanoTime())
                + ":stable";
        fleet.push("2026-11", reference, FleetFixture.access(registries));
        authFile = temp.resolve("config.json");
        Files.writeString(authFile, "{\"auths\": {\"" + registries.basic().authority() + "\": {\"auth\": \"" + Base64
                .getEncoder().encodeToString((TestRegistry.USER + ":" + TestRegistry.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        new ScheduleOperation(fleet.world.context()).set(FleetFixture.layout(fleet.lab), new Schedule(LocalTime.of(2, 0),
                EnumSet.allOf(DayOfWeek.class), Duration.ofMinutes(10), Role.CURRENT, Schedule.Missed.RESET));
    }

    private void pullFrom(String what) throws Exception {
        new ScheduleOperation(fleet.world.context()).setPull(FleetFixture.layout(fleet.lab), Optional.of(PullPolicy.of(
                what, registries.certificates().caCertificate(), authFile, TransportOptions.PlainHttp.NEVER)));
    }

    /** Recovery's tick with a nightly reset pending, as Current's tick left it. */
    private AgentOperation.TickResult nightInRecovery() throws Exception {
        new PendingReset(Role.CURRENT, fleet.world.context().clock().instant(), fleet.world.context().clock().instant())
                .write(fleet.lab, new FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        fleet.world.platform.runningRole = Role.RECOVERY.key();
        return new AgentOperation(fleet.world.context()).tick(Optional.of(fleet.lab), false);
    }

    /**
     * {@code schedule --pull} refuses a layout without boot entries of vhdboot's ({@code boot_store = none}): the switch
     * after the pull would be refused every night. Written into the ini by hand anyway, the policy is not run (nothing
     * downloaded), and the agent says why in the log, the Event Log and {@code [last_pull]}, which {@code status}
     * shows. The pull and switch themselves are {@link ScheduledPullSwitchTest}'s.
     */
    @Test
    void aPullPolicyWrittenByHandIntoALayoutWithoutBootEntriesIsNotRunButLoggedAndShown() throws Exception {
        pullFrom(reference);
        Path ini = fleet.lab.resolve(Layout.INI_NAME);
        String withEntries = Files.readString(ini);
        assertTrue(withEntries.contains("boot_store = bcdedit\n"), withEntries);
        Files.writeString(ini, withEntries.replace("boot_store = bcdedit\n", "boot_store = none\n"));
        FolderSnapshot images = FolderSnapshot.of(fleet.lab).only(name -> name.endsWith(".vhdx")
                && !name.contains("Current"));

        AgentOperation.TickResult night = nightInRecovery();
        assertEquals(AgentOperation.Action.RESET_DONE, night.action());
        assertTrue(night.detail().contains("the scheduled pull of " + reference + " was not run") && night.detail()
                .contains("boot_store = none"), night.detail());
        assertEquals(1, restart.restarts.size(), "back into Current");
        assertEquals(images, FolderSnapshot.of(fleet.lab).only(name -> name.endsWith(".vhdx")
                && !name.contains("Current")), "nothing pulled");
        assertTrue(fleet.labFiles().stream().noneMatch(name -> name.contains(".vhdboot-")), fleet.labFiles().toString());
        StatusOperation.Report status = fleet.world.status(fleet.lab);
        assertEquals(reference, status.pullFrom());
        assertFalse(status.lastPull().succeeded());
        assertTrue(status.lastPull().message().contains("--boot-store bcdedit")
                && status.lastPull().message().endsWith("stays on version base"), status.lastPull().message());
        // One warning for the policy, not a second one repeating what its "not run" said; one for the nightly reset.
        assertFalse(status.warnings().contains(status.lastPull().message()), status.warnings().toString());
        assertEquals(1, status.warnings().stream().filter(w -> w.startsWith("the scheduled pull of " + reference
                + " cannot work: ")).count(), status.warnings().toString());
        assertTrue(status.warnings().stream().anyMatch(w -> w.startsWith("the nightly reset cannot work: ")
                && w.contains("boot_store = none")), status.warnings().toString());
        assertTrue(status.healthy(), "the machine works on its version: " + status.problems());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("1044 " + EventSeverity.ERROR)), events.toString());
        assertTrue(Files.readString(fleet.lab.resolve(OperationLog.FILE_NAME)).contains("was not run"));
    }

    @Test
    void aFailedPullLeavesTheMachineOnItsVersionLoggedAndShown() throws Exception {
        pullFrom("oci://" + registries.basic().authority() + "/fleet/no-such-repository:stable");
        FolderSnapshot images = FolderSnapshot.of(fleet.lab).only(name -> name.endsWith(".vhdx")
                && !name.contains("Current"));

        AgentOperation.TickResult night = nightInRecovery();
        assertEquals(AgentOperation.Action.RESET_DONE, night.action(), "the reset stands");
        assertEquals(1, restart.restarts.size(), "and the machine goes back into Current");
        assertEquals(images, FolderSnapshot.of(fleet.lab).only(name -> name.endsWith(".vhdx")
                && !name.contains("Current")));
        StatusOperation.Report status = fleet.world.status(fleet.lab);
        assertFalse(status.lastPull().succeeded());
        assertTrue(status.lastPull().message().contains("stays on version base"), status.lastPull().message());
        assertTrue(status.warnings().stream().anyMatch(w -> w.contains("scheduled pull") && w.contains("failed")),
                status.warnings().toString());
        assertTrue(status.healthy(), "a failed pull is a warning: the machine works on its version");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("1044 " + EventSeverity.ERROR)), events.toString());
        assertTrue(Files.readString(fleet.lab.resolve(OperationLog.FILE_NAME)).contains("scheduled pull of"));
        assertNoSecretIn(fleet.lab);
    }

    private static void assertNoSecretIn(Path folder) throws Exception {
        String basic = Base64.getEncoder().encodeToString((TestRegistry.USER + ":" + TestRegistry.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        for (String name : List.of(Layout.INI_NAME, OperationLog.FILE_NAME)) {
            String text = Files.readString(folder.resolve(name));
            assertFalse(text.contains(TestRegistry.PASSWORD) || text.contains(basic), name + " holds a secret");
        }
    }
}
