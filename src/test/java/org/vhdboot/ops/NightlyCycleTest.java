package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.boot.testing.StandinBcdedit;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private final FakePlatform platform = new FakePlatform();
    private final RecordingRestart restart = new RecordingRestart();
    private BcdeditDouble bcdedit;
    private Path images;
    private LayoutFixture layout;
    private String recoveryEntry;

    /** Monday 30 November 2026 at the given local time. */
    private static Instant monday(int hour, int minute) {
        return java.time.ZonedDateTime.of(2026, 11, 30, hour, minute, 0, 0, ZONE).toInstant();
    }

    private final List<String> notes = new ArrayList<>();

    private Services at(Instant now) {
        return new Services(null, Map.of(), Clock.fixed(now, ZONE)).withPlatform(platform).withRestart(restart)
                .withNotices((title, text) -> notes.add(title + ": " + text)).withBcdedit(bcdedit.process());
    }

    private CommandRun run(Instant now, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bcdedit");
        all.add(bcdedit.executable());
        return CommandRun.with(at(now), all.toArray(String[]::new));
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
        CommandRun init = run(monday(0, 30), "init", "--parent", layout.parent.toString(), "--boot-folder", "C:\\VHD");
        assertEquals(0, init.exitCode(), init.toString());
        recoveryEntry = "{" + LayoutFile.load(images.resolve(Layout.INI_NAME)).child(Role.RECOVERY).entryId() + "}";
        CommandRun schedule = run(monday(1, 0), "schedule", "--layout", images.toString(), "--daily", "02:00",
                "--days", "mon-fri", "--warn", "10m");
        assertEquals(0, schedule.exitCode(), schedule.toString());
        assertTrue(schedule.out().contains("next run: 2026-11-30T02:00+01:00"), schedule.out());
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

        CommandRun early = run(monday(1, 30), "agent", "tick");
        assertEquals(0, early.exitCode(), early.toString());
        assertTrue(early.out().contains("NOTHING"), early.out());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(List.of(), restart.restarts);

        CommandRun due = run(monday(2, 3), "agent", "tick");
        assertEquals(0, due.exitCode(), due.toString());
        assertTrue(due.out().contains("RESET_REQUESTED"), due.out());
        assertTrue(Files.exists(images.resolve(PendingReset.FILE_NAME)), "pending-reset marker written");
        assertEquals(recoveryEntry, bootSequence(), "one-time boot into Recovery");
        assertEquals(List.of(Duration.ofMinutes(10)), restart.restarts, "restart after the warning time");
        assertEquals(1, restart.messages.size(), "logged-on users were warned");

        runningIn(Role.RECOVERY);
        CommandRun recovery = run(monday(2, 15), "agent", "tick", "--boot");
        assertEquals(0, recovery.exitCode(), recovery.toString());
        assertTrue(recovery.out().contains("RESET_DONE"), recovery.out());
        assertTrue(layout.isFreshChild(layout.current), "Current was reset");
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)), "marker cleared");
        assertEquals(2, restart.restarts.size(), "restart back into Current");

        runningIn(Role.CURRENT);
        CommandRun after = run(monday(2, 20), "agent", "tick", "--boot");
        assertEquals(0, after.exitCode(), after.toString());
        assertTrue(after.out().contains("NOTHING"), after.out());
        assertEquals(2, restart.restarts.size(), "nothing more happens the same night");

        CommandRun status = run(monday(2, 21), "status", "--json", "--layout", images.toString());
        assertTrue(status.out().contains("\"next_run\" : \"2026-12-01T01:00:00Z\""), status.out());
        String log = Files.readString(images.resolve(OperationLog.FILE_NAME));
        assertTrue(log.contains("[1004]") && log.contains("[1000]") && log.contains("[1005]"), log);
    }

    @Test
    void aMachineThatWasOffResetsAtItsNextStartButNotInTheMiddleOfTheDay() throws Exception {
        runningIn(Role.CURRENT);
        CommandRun periodic = run(monday(8, 0), "agent", "tick");
        assertTrue(periodic.out().contains("NOTHING") && periodic.out().contains("missed"), periodic.out());
        assertEquals(List.of(), restart.restarts);

        CommandRun boot = run(monday(8, 5), "agent", "tick", "--boot");
        assertTrue(boot.out().contains("RESET_REQUESTED"), boot.out());
        assertEquals(List.of(AgentOperation.RESTART_DELAY), restart.restarts, "no warning wait at boot");
        assertTrue(Files.readString(images.resolve(OperationLog.FILE_NAME)).contains("[1006]"));
    }

    @Test
    void aMissedResetIsSkippedWhenTheScheduleSaysSo() throws Exception {
        assertEquals(0, run(monday(1, 0), "schedule", "--layout", images.toString(), "--daily", "02:00",
                "--missed", "skip").exitCode());
        runningIn(Role.CURRENT);
        CommandRun boot = run(monday(8, 5), "agent", "tick", "--boot");
        assertTrue(boot.out().contains("MISSED_SKIPPED"), boot.out());
        assertEquals(List.of(), restart.restarts);
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        CommandRun again = run(monday(8, 10), "agent", "tick", "--boot");
        assertTrue(again.out().contains("NOTHING"), again.out());
    }

    @Test
    void aFailedResetInRecoveryStaysThereInsteadOfLooping() throws Exception {
        runningIn(Role.CURRENT);
        assertTrue(run(monday(2, 1), "agent", "tick").out().contains("RESET_REQUESTED"));
        runningIn(Role.RECOVERY);
        platform.inUse.add(layout.current.toAbsolutePath().normalize());
        int restartsBefore = restart.restarts.size();

        CommandRun failed = run(monday(2, 12), "agent", "tick", "--boot");
        assertEquals(ExitCode.PRECONDITION.code(), failed.exitCode(), failed.toString());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)), "marker cleared, so no loop");
        assertEquals(restartsBefore, restart.restarts.size(), "no restart after a failure");
        assertTrue(restart.messages.get(restart.messages.size() - 1).contains("stays in Recovery"));
        assertTrue(Files.readString(images.resolve(OperationLog.FILE_NAME)).contains("[1001]"));

        CommandRun next = run(monday(2, 20), "agent", "tick", "--boot");
        assertEquals(0, next.exitCode(), next.toString());
        assertTrue(next.out().contains("NOTHING"), next.out());
        assertTrue(LayoutFile.load(images.resolve(Layout.INI_NAME)).lastReset().map(r -> !r.succeeded()).orElse(false));
    }

    @Test
    void twoTicksAtOnceDoNotBothAct() throws Exception {
        runningIn(Role.CURRENT);
        try (LayoutLock held = LayoutLock.acquire(images, "other tick", LayoutLock.AGENT_FILE_NAME)) {
            CommandRun second = run(monday(2, 3), "agent", "tick");
            assertEquals(ExitCode.BUSY.code(), second.exitCode(), second.toString());
        }
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(List.of(), restart.restarts);
    }

    @Test
    void aTickOutsideTheLayoutDoesNothing() throws Exception {
        platform.runningRole = null;
        platform.bootedImage = null;
        CommandRun tick = run(monday(2, 3), "agent", "tick", "--layout", images.toString());
        assertEquals(0, tick.exitCode(), tick.toString());
        assertTrue(tick.out().contains("NOTHING"), tick.out());
        CommandRun lost = run(monday(2, 3), "agent", "tick");
        assertEquals(ExitCode.PRECONDITION.code(), lost.exitCode(), lost.toString());
        assertTrue(lost.err().contains("--layout"), lost.err());
    }

    @Test
    void aRestartThatFailsWithdrawsTheRequestInsteadOfLeavingAOneTimeBoot() throws Exception {
        runningIn(Role.CURRENT);
        restart.failing = true;
        CommandRun due = run(monday(2, 3), "agent", "tick");
        assertEquals(ExitCode.IO_ERROR.code(), due.exitCode(), due.toString());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)), "no pending mark left behind");
        assertEquals(null, bootSequence(), "the one-time boot into Recovery was cancelled");
        assertTrue(Files.readString(images.resolve(OperationLog.FILE_NAME)).contains("[1001]"));
    }

    @Test
    void aStaleRequestIsWithdrawnInCurrentAndIgnoredInRecovery() throws Exception {
        runningIn(Role.CURRENT);
        assertTrue(run(monday(2, 3), "agent", "tick").out().contains("RESET_REQUESTED"));
        // The restart never happened: two hours later Current clears the request and the one-time boot.
        CommandRun later = run(monday(4, 5), "agent", "tick");
        assertEquals(0, later.exitCode(), later.toString());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(null, bootSequence());

        assertTrue(run(monday(2, 3).plus(Duration.ofDays(1)), "agent", "tick").out().contains("RESET_REQUESTED"));
        layout.writeUserChanges(layout.current);
        runningIn(Role.RECOVERY);
        CommandRun stale = run(monday(6, 0).plus(Duration.ofDays(1)), "agent", "tick", "--boot");
        assertTrue(stale.out().contains("stale"), stale.out());
        assertFalse(layout.isFreshChild(layout.current), "no reset at a moment nobody chose");
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
    }

    @Test
    void aFailedResetLeavesANoteForTheNextPersonToLogOn() throws Exception {
        runningIn(Role.CURRENT);
        assertTrue(run(monday(2, 1), "agent", "tick").out().contains("RESET_REQUESTED"));
        runningIn(Role.RECOVERY);
        platform.inUse.add(layout.current.toAbsolutePath().normalize());
        run(monday(2, 12), "agent", "tick", "--boot");
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("stays in Recovery"), notes.toString());
    }
}
