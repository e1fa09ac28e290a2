package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.TransportOptions;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code schedule --pull} on a simulated machine (bcdedit's behaviour in the JVM, the boot manager consuming the
 * one-time boot, the agent's ticks): the night's pull of a new version is followed by {@code image switch} with
 * confirmation, the new slot starts once on trial and the agent confirms it; a version whose switch was not confirmed
 * is not tried again night after night.
 */
class ScheduledPullSwitchTest {
    private static final String BOOTMGR = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
    private static final Instant MONDAY = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private SimulatedMachine machine;
    private ModelLayout lab;

    /** A master commits 2026-12 and pushes it to an image-layout folder; the lab pulls from there each night. */
    @BeforeEach
    void setUp() throws Exception {
        ModelLayout master = ModelLayout.masterWithVersion(dir.resolve("master"), world.context(), "2026-12");
        String reference = "oci-layout:" + dir.resolve("share") + ":stable";
        new ImagePushOperation(world.context()).run(master.layout(), new ImagePushOperation.Options("2026-12",
                reference, RegistryAccess.defaults(), LayerCompression.ZSTD, Optional.empty(), TransferProgress.NONE));
        machine = new SimulatedMachine(world, FakeBcdedit.in(dir.resolve("bcd"), "en", "utf-8"), dir.resolve("lab"),
                MONDAY);
        lab = ModelLayout.copyParent(master, dir.resolve("lab"), machine.context(), o -> o.bootFolder("C:\\VHD"));
        lab.put("version:2026-12", master.model("slot:a").copy());
        ScheduleOperation schedule = new ScheduleOperation(machine.context());
        schedule.set(machine.layout(), new Schedule(LocalTime.of(2, 0), EnumSet.allOf(DayOfWeek.class),
                Duration.ofMinutes(10), Role.CURRENT, Schedule.Missed.RESET));
        schedule.setPull(machine.layout(), Optional.of(PullPolicy.of(reference, null, null,
                TransportOptions.PlainHttp.NEVER)));
        machine.start();
        assertEquals("current", machine.runningFrom());
    }

    /** Recovery's tick with a nightly reset pending, as Current's tick left it. */
    private AgentOperation.TickResult nightInRecovery() throws Exception {
        new PendingReset(Role.CURRENT, machine.now(), machine.now()).write(lab.folder, new FileSteps(IoStepHook.NONE));
        Layout layout = machine.layout();
        machine.world.platform.runningRole = Role.RECOVERY.key();
        machine.world.platform.bootedImage = layout.childPath(Role.RECOVERY);
        return new AgentOperation(machine.context()).tick(Optional.of(lab.folder), false);
    }

    private JsonNode bootManager() throws Exception {
        return machine.bcdedit.objects().get(BOOTMGR).get("elements");
    }

    private String entry(Slot slot) throws Exception {
        return "{" + machine.layout().slot(slot).orElseThrow().entryId() + "}";
    }

    @Test
    void theNightsPullIsFollowedByASwitchThatTheAgentConfirmsAfterAHealthyStart() throws Exception {
        String slotA = entry(Slot.A);
        AgentOperation.TickResult night = nightInRecovery();
        assertEquals(AgentOperation.Action.RESET_DONE, night.action(), night.toString());
        assertTrue(night.detail().contains("pulled 2026-12; switching to 2026-12: slot b starts once on trial"),
                night.detail());
        assertEquals(1, machine.restart.restarts.size(), "the night ends with a restart");
        FileDigests version = FileDigests.of(lab.versionFile("2026-12"));
        Layout pulled = machine.layout();
        assertEquals(SwitchRecord.State.PENDING, pulled.lastSwitch().orElseThrow().state());
        assertTrue(pulled.lastPull().orElseThrow().succeeded());
        assertEquals(slotA, bootManager().get("default").asText(), "the default stays on slot a until confirmed");
        assertEquals(entry(Slot.B), bootManager().get("bootsequence").get(0).asText());
        lab.same("slot:b", "version:2026-12");
        lab.assertReads(lab.slotFile(Slot.B), "slot:b");

        AgentOperation.TickResult booted = machine.start();
        assertEquals("slot-b", machine.runningFrom());
        assertEquals(AgentOperation.Action.SWITCH_STARTED, booted.action(), booted.toString());
        machine.later(Duration.ofMinutes(11));
        assertEquals(AgentOperation.Action.SWITCH_CONFIRMED, machine.tick(false).action());
        Layout confirmed = machine.layout();
        assertEquals(Slot.B, confirmed.activeSlot());
        assertEquals(VersionRecords.ref("2026-12"), confirmed.currentVersion());
        assertEquals(entry(Slot.B), bootManager().get("default").asText());

        machine.start();
        AgentOperation.TickResult next = nightInRecovery();
        assertTrue(next.detail().contains("up to date: Current stands on 2026-12"), next.detail());
        assertEquals(Slot.B, machine.layout().activeSlot());
        version.assertUnchanged();
    }

    @Test
    void aVersionWhoseSwitchWasNotConfirmedIsNotTriedAgainEachNight() throws Exception {
        nightInRecovery();
        assertEquals("slot-b", machine.powerOn(), "the trial start; the power is pulled before the boot tick");
        AgentOperation.TickResult back = machine.start();
        assertEquals(AgentOperation.Action.SWITCH_NOT_CONFIRMED, back.action(), back.toString());

        AgentOperation.TickResult next = nightInRecovery();
        assertTrue(next.detail().contains("not switching: the switch to 2026-12 was not confirmed before"),
                next.detail());
        Layout layout = machine.layout();
        assertEquals(Slot.A, layout.activeSlot());
        assertEquals(SwitchRecord.State.FAILED, layout.lastSwitch().orElseThrow().state());
        assertEquals(0, bootManager().get("bootsequence").size(), "no new trial start");
        assertFalse(layout.lastSwitch().orElseThrow().pending());
    }
}
