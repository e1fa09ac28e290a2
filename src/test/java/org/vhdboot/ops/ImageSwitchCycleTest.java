package org.vhdboot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The A/B switch on a simulated machine (bcdedit's behaviour in the JVM, the boot manager consuming the one-time boot,
 * the agent's ticks): a switch that starts well and is confirmed by the agent, one that never confirms and falls back
 * by itself, one given up by its deadline, and rollbacks of a pending and of a confirmed switch. Every image is read
 * against its byte model; the old slot and every version stay byte for byte as they were.
 */
class ImageSwitchCycleTest {
    private static final String BOOTMGR = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
    private static final Instant MONDAY = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private SimulatedMachine machine;
    private ModelLayout lab;

    /** A master layout commits 2026-12; the lab machine, a layout on a copy of the same golden parent, adds it. */
    @BeforeEach
    void setUp() throws Exception {
        ModelLayout master = ModelLayout.masterWithVersion(dir.resolve("master"), world.context(), "2026-12");
        master.assertReads(master.versionFile("2026-12"), "slot:a");
        machine = new SimulatedMachine(world, FakeBcdedit.in(dir.resolve("bcd"), "en", "utf-8"), dir.resolve("lab"),
                MONDAY);
        lab = ModelLayout.copyParent(master, dir.resolve("lab"), machine.context(), o -> o.bootFolder("C:\\VHD"));
        new ImageAddOperation(machine.context()).run(lab.layout(), new ImageAddOperation.Options(
                master.versionFile("2026-12"), Optional.empty(), false, TransferProgress.NONE));
        lab.put("version:2026-12", master.model("slot:a").copy());
        machine.start();
        assertEquals("current", machine.runningFrom());
    }

    private JsonNode bootManager() throws Exception {
        return machine.bcdedit.objects().get(BOOTMGR).get("elements");
    }

    private String entry(Slot slot) throws Exception {
        return "{" + machine.layout().slot(slot).orElseThrow().entryId() + "}";
    }

    private String description(Slot slot) throws Exception {
        return machine.bcdedit.objects().get(entry(slot)).get("elements").get("description").asText();
    }

    private ImageSwitchOperation.Result switchTo(String version, Optional<Duration> within) throws Exception {
        return new ImageSwitchOperation(machine.context()).run(machine.layout(), new ImageSwitchOperation.Options(version,
                within, false, true, false));
    }

    private StatusOperation.Report status() throws Exception {
        return new StatusOperation(machine.context()).run(machine.layout());
    }

    @Test
    void aSwitchWithRebootRestartsTheMachineAndSaysSo() throws Exception {
        ImageSwitchOperation.Result switched = new ImageSwitchOperation(machine.context()).run(machine.layout(),
                new ImageSwitchOperation.Options("2026-12", Optional.empty(), true, true, false));
        assertTrue(switched.rebooting());
        assertEquals(1, machine.restart.restarts.size());
    }

    @Test
    void aSwitchThatStartsWellIsConfirmedByTheAgentAndResetsActOnTheNewSlot() throws Exception {
        lab.writeActive(3);
        FileDigests untouched = FileDigests.of(lab.slotFile(Slot.A), lab.versionFile("2026-12"), lab.parent);
        String slotA = entry(Slot.A);

        ImageSwitchOperation.Result switched = switchTo("2026-12", Optional.empty());
        assertEquals(Slot.B, switched.to());
        lab.same("slot:b", "version:2026-12");
        lab.assertReads(lab.slotFile(Slot.B), "slot:b");
        assertEquals(slotA, bootManager().get("default").asText(), "the default stays on slot a");
        assertEquals(List.of(entry(Slot.B)), List.of(bootManager().get("bootsequence").get(0).asText()));
        assertEquals("Gold (2026-12, trying)", description(Slot.B));
        StatusOperation.Report pending = status();
        assertEquals("pending", pending.lastSwitch().state());
        assertTrue(pending.lastSwitch().waitingFor().startsWith("a restart into slot b"), pending.lastSwitch().waitingFor());
        assertTrue(pending.files().stream().anyMatch(f -> f.role().equals("slot-b") && f.healthy()), pending.files()
                .toString());

        AgentOperation.TickResult booted = machine.start();
        assertEquals("slot-b", machine.runningFrom());
        assertEquals(AgentOperation.Action.SWITCH_STARTED, booted.action(), booted.toString());
        assertEquals(0, bootManager().get("bootsequence").size(), "the one-time boot was consumed");
        machine.later(Duration.ofMinutes(5));
        assertEquals(AgentOperation.Action.NOTHING, machine.tick(false).action(), "not up long enough yet");
        machine.later(Duration.ofMinutes(6));
        AgentOperation.TickResult confirmed = machine.tick(false);
        assertEquals(AgentOperation.Action.SWITCH_CONFIRMED, confirmed.action(), confirmed.toString());

        Layout layout = machine.layout();
        assertEquals(Slot.B, layout.activeSlot());
        assertEquals(SwitchRecord.State.CONFIRMED, layout.lastSwitch().orElseThrow().state());
        assertEquals(entry(Slot.B), bootManager().get("default").asText());
        assertEquals(entry(Slot.B), bootManager().get("displayorder").get(0).asText());
        assertEquals("{" + layout.child(Role.RECOVERY).entryId() + "}", bootManager().get("displayorder").get(1).asText());
        assertEquals("Gold (Current)", description(Slot.B));
        assertEquals("Gold (previous)", description(Slot.A));
        assertEquals(VersionRecords.ref("2026-12"), layout.recoveryVersion());
        lab.same("recovery", "version:2026-12");
        lab.assertReads(Role.RECOVERY, "recovery");
        untouched.assertUnchanged();

        // The next start is the new slot, by default; a reset from Recovery acts on it, never on slot a.
        machine.start();
        assertEquals("current", machine.runningFrom());
        lab.writeActive(4);
        machine.world.platform.runningRole = "recovery";
        new ResetOperation(machine.context()).run(machine.layout(), new ResetOperation.Options(Role.CURRENT, true, false,
                false, false));
        lab.same("slot:b", "version:2026-12");
        lab.assertReads(lab.slotFile(Slot.B), "slot:b");
        untouched.assertUnchanged();
    }

    @Test
    void aSwitchThatNeverConfirmsFallsBackByItselfAtTheNextStart() throws Exception {
        String slotA = entry(Slot.A);
        switchTo("2026-12", Optional.empty());
        FileDigests slotAFile = FileDigests.of(lab.slotFile(Slot.A));

        // The new slot's first start: the power is pulled before the agent's boot tick.
        assertEquals("slot-b", machine.powerOn());
        AgentOperation.TickResult back = machine.start();
        assertEquals("current", machine.runningFrom(), "the one-time boot was consumed: the default starts");
        assertEquals(AgentOperation.Action.SWITCH_NOT_CONFIRMED, back.action(), back.toString());
        assertTrue(back.detail().startsWith("switch to 2026-12 not confirmed"), back.detail());

        Layout layout = machine.layout();
        assertEquals(Slot.A, layout.activeSlot());
        assertEquals(SwitchRecord.State.FAILED, layout.lastSwitch().orElseThrow().state());
        assertEquals(slotA, bootManager().get("default").asText());
        StatusOperation.Report status = status();
        assertTrue(status.warnings().stream().anyMatch(w -> w.startsWith("switch to 2026-12 not confirmed")),
                status.warnings().toString());
        assertEquals("failed", status.lastSwitch().state());
        String log = Files.readString(lab.folder.resolve(OperationLog.FILE_NAME));
        assertTrue(log.contains("switch to 2026-12 not confirmed") && log.contains("[1034]"), log);
        slotAFile.assertUnchanged();
        lab.assertReads(Role.CURRENT, "slot:a");

        // Started again, nothing more happens; a new switch may follow.
        assertEquals(AgentOperation.Action.NOTHING, machine.start().action());
        switchTo("2026-12", Optional.empty());
        assertEquals(entry(Slot.B), bootManager().get("bootsequence").get(0).asText());
    }

    @Test
    void aNewSlotThatStartsButDoesNotStayUpIsNotConfirmed() throws Exception {
        switchTo("2026-12", Optional.empty());
        assertEquals(AgentOperation.Action.SWITCH_STARTED, machine.start().action());
        machine.later(Duration.ofMinutes(3));
        AgentOperation.TickResult back = machine.start();
        assertEquals(AgentOperation.Action.SWITCH_NOT_CONFIRMED, back.action());
        assertTrue(back.detail().contains("did not stay up for 10 minutes"), back.detail());
    }

    @Test
    void aSwitchNotStartedWithinItsDeadlineIsGivenUp() throws Exception {
        ImageSwitchOperation.Result switched = switchTo("2026-12", Optional.of(Duration.ofMinutes(30)));
        assertEquals(MONDAY.plusSeconds(30).plus(Duration.ofMinutes(30)), switched.confirmBy());
        machine.later(Duration.ofMinutes(20));
        assertEquals(AgentOperation.Action.NOTHING, machine.tick(false).action());
        machine.later(Duration.ofMinutes(11));
        machine.tick(false);
        assertEquals(SwitchRecord.State.FAILED, machine.layout().lastSwitch().orElseThrow().state());
        assertEquals(0, bootManager().get("bootsequence").size(), "the one-time boot is taken back");
        assertEquals("current", machine.powerOn(), "the next start is the old slot");
    }

    /** The slot a pending switch boots once, gone: a problem status reports (exit 1), and rollback its cure. */
    @Test
    void aPendingSwitchWhoseNewSlotIsGoneIsAProblemUntilRolledBack() throws Exception {
        switchTo("2026-12", Optional.empty());
        Files.delete(lab.slotFile(Slot.B));
        StatusOperation.Report broken = status();
        assertFalse(broken.healthy());
        assertTrue(broken.problems().contains("slot b (" + lab.slotFile(Slot.B).getFileName() + ") is missing, and the"
                + " pending switch to 2026-12 boots it; `vhdboot image rollback` takes the switch back"),
                broken.problems().toString());
        new ImageRollbackOperation(machine.context()).run(machine.layout(), new ImageRollbackOperation.Options(true,
                false));
        assertTrue(status().problems().isEmpty(), status().problems().toString());
    }

    @Test
    void aPendingSwitchRolledBackLeavesTheNextStartInTheOldSlot() throws Exception {
        switchTo("2026-12", Optional.empty());
        ImageRollbackOperation.Result result = new ImageRollbackOperation(machine.context()).run(machine.layout(),
                new ImageRollbackOperation.Options(true, false));
        assertFalse(result.wasConfirmed());
        assertEquals(0, bootManager().get("bootsequence").size());
        assertEquals(SwitchRecord.State.ROLLED_BACK, machine.layout().lastSwitch().orElseThrow().state());
        assertEquals(AgentOperation.Action.NOTHING, machine.start().action());
        assertEquals("current", machine.runningFrom());
    }

    @Test
    void aConfirmedSwitchRolledBackMakesTheOldSlotTheDefaultAgain() throws Exception {
        lab.writeActive(5);
        FileDigests slotA = FileDigests.of(lab.slotFile(Slot.A));
        switchTo("2026-12", Optional.empty());
        machine.start();
        ImageConfirmOperation.Result confirmed = new ImageConfirmOperation(machine.context()).run(machine.layout(),
                new ImageConfirmOperation.Options(false));
        assertEquals(Slot.B, machine.layout().activeSlot());
        assertTrue(confirmed.commands().stream().noneMatch(c -> c.contains("/bootsequence")),
                "in the new slot its one-time boot was consumed: nothing to take back; " + confirmed.commands());

        ImageRollbackOperation.Result result = new ImageRollbackOperation(machine.context()).run(machine.layout(),
                new ImageRollbackOperation.Options(true, false));
        assertTrue(result.wasConfirmed());
        Layout layout = machine.layout();
        assertEquals(Slot.A, layout.activeSlot());
        assertEquals(ImageRef.BASE_VERSION, layout.recoveryVersion());
        assertEquals(entry(Slot.A), bootManager().get("default").asText());
        assertEquals("Gold (Current)", description(Slot.A));
        assertEquals("Gold (2026-12, rolled back)", description(Slot.B));
        lab.same("recovery", "version:base");
        lab.assertReads(Role.RECOVERY, "recovery");
        slotA.assertUnchanged();
        assertEquals("current", machine.powerOn());
        assertEquals(lab.slotFile(Slot.A), machine.world.platform.bootedImage);
        assertNull(status().lastSwitch().waitingFor());
    }

    /** Confirmed from WinPE or Linux before the new slot ever started, the confirm itself takes the one-time boot back. */
    @Test
    void aSwitchConfirmedOfflineLeavesNoOneTimeBoot() throws Exception {
        switchTo("2026-12", Optional.empty());
        assertEquals(1, bootManager().get("bootsequence").size(), "the switch boots slot b once");
        machine.offline();
        new ImageConfirmOperation(machine.context()).run(machine.layout(), new ImageConfirmOperation.Options(false));
        assertEquals(entry(Slot.B), bootManager().get("default").asText());
        assertEquals(0, bootManager().get("bootsequence").size(), "no one-time boot is left behind the default");
        assertEquals("current", machine.powerOn(), "the default, now slot b");
        assertEquals(lab.slotFile(Slot.B), machine.world.platform.bootedImage);
    }

    /**
     * The old slot's entry deleted from the store (a boot repair) before the confirm: the confirm makes the new slot
     * the default all the same, where renaming the gone entry "(previous)" failed it at every rerun, and every other
     * changing command with it, since each finishes the confirm first.
     */
    @Test
    void aConfirmWhoseOldSlotLostItsEntryStillMakesTheNewSlotTheDefault() throws Exception {
        switchTo("2026-12", Optional.empty());
        machine.offline();
        String gone = entry(Slot.A);
        assertEquals(0, machine.bcdedit.run("/delete", gone, "/cleanup").exitCode());
        new ImageConfirmOperation(machine.context()).run(machine.layout(), new ImageConfirmOperation.Options(false));
        assertEquals(entry(Slot.B), bootManager().get("default").asText());
        assertEquals(Slot.B, machine.layout().activeSlot());
        assertFalse(machine.bcdedit.objects().has(gone));

        // A rollback to that slot makes its entry again, for its file, and the machine starts it.
        new ImageRollbackOperation(machine.context()).run(machine.layout(), new ImageRollbackOperation.Options(true,
                false));
        assertEquals(gone, bootManager().get("default").asText(), "the entry of slot a, under the GUID it had");
        assertEquals("Gold (Current)", description(Slot.A));
        assertEquals("current", machine.powerOn());
        assertEquals(lab.slotFile(Slot.A), machine.world.platform.bootedImage);
    }

    /** The new slot's entry lost before the confirm: made again for its file, and the confirm finishes. */
    @Test
    void aConfirmWhoseNewSlotLostItsEntryMakesItAgain() throws Exception {
        switchTo("2026-12", Optional.empty());
        machine.offline();
        String lost = entry(Slot.B);
        assertEquals(0, machine.bcdedit.run("/delete", lost, "/cleanup").exitCode());
        new ImageConfirmOperation(machine.context()).run(machine.layout(), new ImageConfirmOperation.Options(false));
        assertEquals(lost, bootManager().get("default").asText());
        JsonNode elements = machine.bcdedit.objects().get(lost).get("elements");
        String file = lab.slotFile(Slot.B).getFileName().toString();
        assertTrue(elements.path("device").asText().endsWith(file), "the entry boots slot b's file: " + elements);
        assertEquals(Slot.B, machine.layout().activeSlot());
    }

    /**
     * Init sets the default and the entries' names from the ini, which a confirm killed after its boot changes has not
     * written yet: run then, it made the old slot the default again. It refuses while such a job is half done.
     */
    @Test
    void initLeavesTheBootEntriesOfAHalfDoneConfirmAlone() throws Exception {
        switchTo("2026-12", Optional.empty());
        machine.offline();
        new ImageJournal(ImageJournal.Operation.CONFIRM, List.of("2026-12"), Optional.empty(), Optional.of(Slot.A),
                Optional.of(Slot.B), false, "", Instant.parse("2026-12-04T02:00:00Z"))
                .write(machine.layout(), new org.vhdboot.layout.FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        String defaultBefore = bootManager().get("default").asText();
        String descriptionBefore = description(Slot.B);

        OperationException refused = assertThrows(OperationException.class, () -> new InitOperation(
                machine.context()).run(InitOptions.parent(lab.folder.resolve("Gold.vhdx")).bootFolder("C:\\VHD")
                .build()));
        assertTrue(refused.getMessage().startsWith("init would set the boot entries that image confirm 2026-12"
                + " started"), refused.getMessage());
        assertEquals(defaultBefore, bootManager().get("default").asText());
        assertEquals(descriptionBefore, description(Slot.B));
    }

    /**
     * A rollback that stopped between making slot a's lost entry and setting its elements left a bare entry: the
     * rerun (or the recovery right after the failure) completes its elements before making it the default, where it
     * once made the bare entry, which boots nothing, the default and recorded the rollback as done.
     */
    @Test
    void aRollbackCompletesAnEntryLeftWithoutItsElements() throws Exception {
        switchTo("2026-12", Optional.empty());
        machine.offline();
        new ImageConfirmOperation(machine.context()).run(machine.layout(), new ImageConfirmOperation.Options(false));
        String bare = entry(Slot.A);
        assertEquals(0, machine.bcdedit.run("/delete", bare, "/cleanup").exitCode());
        assertEquals(0, machine.bcdedit.run("/create", bare, "/d", "Gold (Current)", "/application", "osloader")
                .exitCode());

        new ImageRollbackOperation(machine.context()).run(machine.layout(), new ImageRollbackOperation.Options(true,
                false));
        assertEquals(bare, bootManager().get("default").asText());
        JsonNode elements = machine.bcdedit.objects().get(bare).get("elements");
        String file = lab.slotFile(Slot.A).getFileName().toString();
        assertTrue(elements.path("device").asText().endsWith(file) && elements.path("osdevice").asText().endsWith(file),
                "the default entry boots slot a's file: " + elements);
    }

    /**
     * Confirmed from WinPE or Linux before the new slot ever started, the one-time boot into it is still set; rolling
     * back must take it back, or the next start lands once in the slot just rolled back.
     */
    @Test
    void aSwitchConfirmedOfflineThenRolledBackLeavesNoOneTimeBootIntoTheNewSlot() throws Exception {
        switchTo("2026-12", Optional.empty());
        machine.offline();
        new ImageConfirmOperation(machine.context()).run(machine.layout(), new ImageConfirmOperation.Options(false));
        // As a confirm by an earlier vhdboot left it.
        machine.context().bootStores().open(machine.layout()).apply(new org.vhdboot.boot.BootChange.BootOnce(
                SlotEntries.entryId(machine.layout(), Slot.B)));
        assertEquals(1, bootManager().get("bootsequence").size());
        new ImageRollbackOperation(machine.context()).run(machine.layout(), new ImageRollbackOperation.Options(true,
                false));
        assertEquals(entry(Slot.A), bootManager().get("default").asText());
        assertEquals(0, bootManager().get("bootsequence").size(), "the one-time boot into slot b is taken back");
        assertEquals("current", machine.powerOn());
        assertEquals(lab.slotFile(Slot.A), machine.world.platform.bootedImage);
    }

    /** After a confirmed switch the nightly cycle resets slot b; init finds the layout complete; remove takes all out. */
    @Test
    void theNightlyCycleInitAndRemoveWorkOnTheActiveSlot() throws Exception {
        lab.writeActive(6);
        FileDigests slotA = FileDigests.of(lab.slotFile(Slot.A));
        switchTo("2026-12", Optional.empty());
        lab.same("slot:b", "version:2026-12");
        ScheduleOperation.View schedule = new ScheduleOperation(machine.context()).set(machine.layout(), new Schedule(
                java.time.LocalTime.of(2, 0), java.util.EnumSet.allOf(java.time.DayOfWeek.class), Duration.ZERO,
                Role.CURRENT, Schedule.Missed.SKIP));
        AgentOperation.TickResult waiting = machine.tick(false);
        machine.later(Duration.between(machine.now(), schedule.nextRun()).plusMinutes(1));
        assertEquals(AgentOperation.Action.NOTHING, machine.tick(false).action(), "no nightly reset while a switch"
                + " waits for its one-time boot: " + waiting);
        machine.start();
        new ImageConfirmOperation(machine.context()).run(machine.layout(), new ImageConfirmOperation.Options(false));
        machine.start();
        lab.writeActive(7);
        machine.later(Duration.ofDays(1));
        AgentOperation.TickResult due = machine.tick(false);
        assertEquals(AgentOperation.Action.RESET_REQUESTED, due.action(), due.toString());
        assertEquals("recovery", machine.powerOn());
        machine.later(Duration.ofSeconds(30));
        assertEquals(AgentOperation.Action.RESET_DONE, machine.tick(true).action());
        lab.same("slot:b", "version:2026-12");
        lab.assertReads(lab.slotFile(Slot.B), "slot:b");
        slotA.assertUnchanged();
        assertEquals("current", machine.powerOn());
        assertEquals(lab.slotFile(Slot.B), machine.world.platform.bootedImage);

        machine.offline();
        InitOperation.Result again = new InitOperation(machine.context()).run(InitOptions.parent(lab.parent)
                .bootFolder("C:\\VHD").build());
        assertTrue(again.changedNothing(), again.toString());
        Path version = lab.versionFile("2026-12");
        List<Path> slots = List.of(lab.slotFile(Slot.A), lab.slotFile(Slot.B));
        RemoveOperation.Result removed = new RemoveOperation(machine.context()).run(machine.layout(),
                new RemoveOperation.Options(true, true));
        assertEquals(3, removed.commands().stream().filter(c -> c.contains("/delete")).count(), removed.toString());
        assertFalse(Files.exists(slots.get(0)) || Files.exists(slots.get(1)));
        assertTrue(Files.exists(version), "versions stay, as the parent does");
    }
}
