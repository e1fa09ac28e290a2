package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.boot.testing.StandinBcdedit;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.windows.SystemRestart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole nightly cycle simulated on Linux: bcdedit's behaviour in the JVM (and once the Python stand-in as a
 * real process), a fake platform that says which child is running, a clock the test moves, and a restart that
 * is only recorded.
 */
class NightlyCycleTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String BOOTMGR = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";

    @TempDir
    Path dir;

    private final RecordingRestart restart = new RecordingRestart();
    private final List<String> notes = new ArrayList<>();
    private final TestWorld world = new TestWorld().with(SystemRestart.class, restart)
            .with(Notices.class, (title, text) -> notes.add(title + ": " + text));
    private final FakePlatform platform = world.platform;
    private BcdeditDouble bcdedit;
    private Path images;
    private LayoutFixture layout;
    private String recoveryEntry;

    /** Monday 30 November 2026 at the given local time. */
    private static Instant monday(int hour, int minute) {
        return java.time.ZonedDateTime.of(2026, 11, 30, hour, minute, 0, 0, ZONE).toInstant();
    }

    /** The use cases' context at {@code now}, bcdedit being the test's double. */
    private OperationContext at(Instant now) throws OperationException {
        return world.with(Clock.class, Clock.fixed(now, ZONE)).with(BcdeditProcess.class, bcdedit.process())
                .context(bcdedit.executable());
    }

    private AgentOperation.TickResult tick(Instant now) throws Exception {
        return new AgentOperation(at(now)).tick(Optional.empty(), false);
    }

    private AgentOperation.TickResult tickAtBoot(Instant now) throws Exception {
        return new AgentOperation(at(now)).tick(Optional.empty(), true);
    }

    private ScheduleOperation.View schedule(Instant now, Set<DayOfWeek> days, Schedule.Missed missed) throws Exception {
        return new ScheduleOperation(at(now)).set(layout.layout(), new Schedule(LocalTime.of(2, 0), days,
                Duration.ofMinutes(10), Role.CURRENT, missed));
    }

    private void runningIn(Role role) {
        platform.runningRole = role.key();
        platform.bootedImage = role == Role.CURRENT ? layout.current : layout.recovery;
    }

    @BeforeEach
    void setUp() throws Exception {
        platform.windows = true;
        bcdedit = FakeBcdedit.in(dir.resolve("bcd"), "en", "utf-8");
        images = Files.createDirectory(dir.resolve("VHD"));
        layout = new LayoutFixture(images);
        layout.buildParent();
        new InitOperation(at(monday(0, 30))).run(InitOptions.parent(layout.parent).bootFolder("C:\\VHD").build());
        recoveryEntry = "{" + layout.layout().child(Role.RECOVERY).entryId() + "}";
        ScheduleOperation.View schedule = schedule(monday(1, 0), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                Schedule.Missed.RESET);
        assertEquals(monday(2, 0), schedule.nextRun());
    }

    private String bootSequence() throws Exception {
        var elements = bcdedit.objects().get(BOOTMGR).get("elements");
        return elements.has("bootsequence") && elements.get("bootsequence").size() > 0
                ? elements.get("bootsequence").get(0).asText() : null;
    }

    @Test
    void theWholeCycle() throws Exception {
        wholeCycle();
    }

    /** End to end: the layout made through the fake, every tick's bcdedit runs are a real process. */
    @Test
    void theWholeCycleThroughARealBcdeditProcess() throws Exception {
        bcdedit = StandinBcdedit.in(dir.resolve("bcd"), "en", "utf-8");
        wholeCycle();
        assertTrue(bcdedit.changes().contains(List.of("/bootsequence", recoveryEntry)), bcdedit.calls().toString());
    }

    private void wholeCycle() throws Exception {
        runningIn(Role.CURRENT);
        layout.writeUserChanges(layout.current);

        AgentOperation.TickResult early = tick(monday(1, 30));
        assertEquals(AgentOperation.Action.NOTHING, early.action(), early.toString());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(List.of(), restart.restarts);

        AgentOperation.TickResult due = tick(monday(2, 3));
        assertEquals(AgentOperation.Action.RESET_REQUESTED, due.action(), due.toString());
        assertTrue(Files.exists(images.resolve(PendingReset.FILE_NAME)), "pending-reset marker written");
        assertEquals(recoveryEntry, bootSequence(), "one-time boot into Recovery");
        assertEquals(List.of(Duration.ofMinutes(10)), restart.restarts, "restart after the warning time");
        assertEquals(1, restart.messages.size(), "logged-on users were warned");

        runningIn(Role.RECOVERY);
        AgentOperation.TickResult recovery = tickAtBoot(monday(2, 15));
        assertEquals(AgentOperation.Action.RESET_DONE, recovery.action(), recovery.toString());
        assertTrue(layout.isFreshChild(layout.current), "Current was reset");
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)), "marker cleared");
        assertEquals(2, restart.restarts.size(), "restart back into Current");

        runningIn(Role.CURRENT);
        AgentOperation.TickResult after = tickAtBoot(monday(2, 20));
        assertEquals(AgentOperation.Action.NOTHING, after.action(), after.toString());
        assertEquals(2, restart.restarts.size(), "nothing more happens the same night");

        StatusOperation.Report status = new StatusOperation(at(monday(2, 21))).run(layout.layout());
        assertEquals(Instant.parse("2026-12-01T01:00:00Z"), status.nextRun());
        String log = Files.readString(images.resolve(OperationLog.FILE_NAME));
        assertTrue(log.contains("[1004]") && log.contains("[1000]") && log.contains("[1005]"), log);
    }

    @Test
    void aMachineThatWasOffResetsAtItsNextStartButNotInTheMiddleOfTheDay() throws Exception {
        runningIn(Role.CURRENT);
        AgentOperation.TickResult periodic = tick(monday(8, 0));
        assertEquals(AgentOperation.Action.NOTHING, periodic.action());
        assertTrue(periodic.detail().contains("missed"), periodic.toString());
        assertEquals(List.of(), restart.restarts);

        AgentOperation.TickResult boot = tickAtBoot(monday(8, 5));
        assertEquals(AgentOperation.Action.RESET_REQUESTED, boot.action(), boot.toString());
        assertEquals(List.of(AgentOperation.RESTART_DELAY), restart.restarts, "no warning wait at boot");
        assertTrue(Files.readString(images.resolve(OperationLog.FILE_NAME)).contains("[1006]"));
    }

    @Test
    void aMissedResetIsSkippedWhenTheScheduleSaysSo() throws Exception {
        schedule(monday(1, 0), EnumSet.allOf(DayOfWeek.class), Schedule.Missed.SKIP);
        runningIn(Role.CURRENT);
        assertEquals(AgentOperation.Action.MISSED_SKIPPED, tickAtBoot(monday(8, 5)).action());
        assertEquals(List.of(), restart.restarts);
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(AgentOperation.Action.NOTHING, tickAtBoot(monday(8, 10)).action());
    }

    @Test
    void aFailedResetInRecoveryStaysThereInsteadOfLooping() throws Exception {
        runningIn(Role.CURRENT);
        assertEquals(AgentOperation.Action.RESET_REQUESTED, tick(monday(2, 1)).action());
        runningIn(Role.RECOVERY);
        platform.inUse.add(layout.current.toAbsolutePath().normalize());
        int restartsBefore = restart.restarts.size();

        OperationException failed = assertThrows(OperationException.class, () -> tickAtBoot(monday(2, 12)));
        assertEquals(OperationException.Kind.PRECONDITION, failed.kind());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)), "marker cleared, so no loop");
        assertEquals(restartsBefore, restart.restarts.size(), "no restart after a failure");
        assertTrue(restart.messages.get(restart.messages.size() - 1).contains("stays in Recovery"));
        assertTrue(Files.readString(images.resolve(OperationLog.FILE_NAME)).contains("[1001]"));

        assertEquals(AgentOperation.Action.NOTHING, tickAtBoot(monday(2, 20)).action());
        assertTrue(layout.layout().lastReset().map(r -> !r.succeeded()).orElse(false));
    }

    /**
     * {@code schedule} refuses to reset Current where the boot store does not change at once; written into the ini by
     * hand anyway, the due reset is not run (no pending mark, no one-time boot, no warning, no restart that would
     * land in Current again), logged once as a failure, and shown by {@code status}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"none", "script"})
    void aResetOfCurrentTheBootStoreCannotReachIsNotRunButLoggedAndShown(String store) throws Exception {
        Path ini = images.resolve(Layout.INI_NAME);
        String text = Files.readString(ini);
        assertTrue(text.contains("boot_store = bcdedit\n"), text);
        Files.writeString(ini, text.replace("boot_store = bcdedit\n", "boot_store = " + store + "\n"));
        runningIn(Role.CURRENT);

        AgentOperation.TickResult due = tick(monday(2, 1));
        assertEquals(AgentOperation.Action.RESET_NOT_RUN, due.action(), due.toString());
        assertTrue(due.detail().contains("boot_store = " + store + " ("), due.detail());
        assertEquals(List.of(), restart.restarts);
        assertEquals(List.of(), restart.messages, "nobody warned of a restart that does not come");
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(null, bootSequence());
        assertEquals(AgentOperation.Action.NOTHING, tick(monday(2, 6)).action(), "logged once a night");
        String log = Files.readString(images.resolve(OperationLog.FILE_NAME));
        assertEquals(1, log.lines().filter(line -> line.contains("[1001]") && line.contains("was not run")).count(), log);
        StatusOperation.Report status = new StatusOperation(at(monday(2, 7))).run(layout.layout());
        assertTrue(status.warnings().stream().anyMatch(w -> w.startsWith("the nightly reset cannot work: ")),
                status.warnings().toString());
    }

    /** Missed while the machine was off, such a reset is not announced as "resetting now" at the next start either. */
    @Test
    void aMissedResetTheBootStoreCannotReachIsOnlyLoggedAsNotRun() throws Exception {
        Path ini = images.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replace("boot_store = bcdedit\n", "boot_store = none\n"));
        runningIn(Role.CURRENT);
        assertEquals(AgentOperation.Action.RESET_NOT_RUN, tickAtBoot(monday(8, 5)).action());
        String log = Files.readString(images.resolve(OperationLog.FILE_NAME));
        assertFalse(log.contains("[1006]"), log);
        assertTrue(log.contains("[1001]") && log.contains("was not run"), log);
        assertEquals(List.of(), restart.restarts);
    }

    @Test
    void twoTicksAtOnceDoNotBothAct() throws Exception {
        runningIn(Role.CURRENT);
        try (LayoutLock held = LayoutLock.acquire(images, "other tick", LayoutLock.AGENT_FILE_NAME)) {
            OperationException second = assertThrows(OperationException.class, () -> tick(monday(2, 3)));
            assertEquals(OperationException.Kind.BUSY, second.kind());
        }
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(List.of(), restart.restarts);
    }

    @Test
    void aTickOutsideTheLayoutDoesNothing() throws Exception {
        platform.runningRole = null;
        platform.bootedImage = null;
        AgentOperation.TickResult tick = new AgentOperation(at(monday(2, 3))).tick(Optional.of(images), false);
        assertEquals(new AgentOperation.TickResult("none", AgentOperation.Action.NOTHING,
                "not running from a child of this layout (fake: not booted from a virtual disk)"), tick);
        OperationException lost = assertThrows(OperationException.class, () -> tick(monday(2, 3)));
        assertEquals(OperationException.Kind.PRECONDITION, lost.kind());
        assertTrue(lost.getMessage().contains("--layout"), lost.getMessage());
    }

    @Test
    void aRestartThatFailsWithdrawsTheRequestInsteadOfLeavingAOneTimeBoot() throws Exception {
        runningIn(Role.CURRENT);
        restart.failing = true;
        assertThrows(java.io.IOException.class, () -> tick(monday(2, 3)));
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)), "no pending mark left behind");
        assertEquals(null, bootSequence(), "the one-time boot into Recovery was cancelled");
        assertTrue(Files.readString(images.resolve(OperationLog.FILE_NAME)).contains("[1001]"));
    }

    @Test
    void aStaleRequestIsWithdrawnInCurrentAndIgnoredInRecovery() throws Exception {
        runningIn(Role.CURRENT);
        assertEquals(AgentOperation.Action.RESET_REQUESTED, tick(monday(2, 3)).action());
        // The restart never happened: two hours later Current clears the request and the one-time boot.
        tick(monday(4, 5));
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(null, bootSequence());

        assertEquals(AgentOperation.Action.RESET_REQUESTED, tick(monday(2, 3).plus(Duration.ofDays(1))).action());
        layout.writeUserChanges(layout.current);
        runningIn(Role.RECOVERY);
        AgentOperation.TickResult stale = tickAtBoot(monday(6, 0).plus(Duration.ofDays(1)));
        assertTrue(stale.detail().contains("stale"), stale.toString());
        assertFalse(layout.isFreshChild(layout.current), "no reset at a moment nobody chose");
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
    }

    @Test
    void aFailedResetLeavesANoteForTheNextPersonToLogOn() throws Exception {
        runningIn(Role.CURRENT);
        assertEquals(AgentOperation.Action.RESET_REQUESTED, tick(monday(2, 1)).action());
        runningIn(Role.RECOVERY);
        platform.inUse.add(layout.current.toAbsolutePath().normalize());
        assertThrows(OperationException.class, () -> tickAtBoot(monday(2, 12)));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("stays in Recovery"), notes.toString());
    }
}
