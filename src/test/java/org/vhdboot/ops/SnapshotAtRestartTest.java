package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
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
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restore points and the agent, simulated as {@link NightlyCycleTest} does: {@code snapshot create --at-restart} in
 * the running Current leaves a pending mark and a one-time boot into Recovery, whose agent takes the snapshot and
 * restarts into Current; and the nightly cycle returns Current to its base, a snapshot, not to the parent.
 */
class SnapshotAtRestartTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String BOOTMGR = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";

    @TempDir
    Path dir;

    private final RecordingRestart restart = new RecordingRestart();
    private final TestWorld world = new TestWorld().with(SystemRestart.class, restart);
    private BcdeditDouble bcdedit;
    private Path images;
    private LayoutFixture layout;
    private String recoveryEntry;

    private static Instant monday(int hour, int minute) {
        return ZonedDateTime.of(2026, 11, 30, hour, minute, 0, 0, ZONE).toInstant();
    }

    private OperationContext at(Instant now) throws OperationException {
        return world.with(Clock.class, Clock.fixed(now, ZONE)).with(BcdeditProcess.class, bcdedit.process())
                .context(bcdedit.executable());
    }

    private void runningIn(Role role) {
        world.platform.runningRole = role.key();
        world.platform.bootedImage = role == Role.CURRENT ? layout.current : layout.recovery;
    }

    private AgentOperation.TickResult tick(Instant now, boolean atBoot) throws Exception {
        return new AgentOperation(at(now)).tick(Optional.empty(), atBoot);
    }

    private SnapshotCreateOperation.Result snapshot(Instant now, String name, boolean atRestart) throws Exception {
        return new SnapshotCreateOperation(at(now)).run(layout.layout(),
                new SnapshotCreateOperation.Options(name, "before the update", atRestart, false));
    }

    @BeforeEach
    void setUp() throws Exception {
        world.platform.windows = true;
        bcdedit = FakeBcdedit.in(dir.resolve("bcd"), "en", "utf-8");
        images = Files.createDirectory(dir.resolve("VHD"));
        layout = new LayoutFixture(images);
        layout.buildParent();
        new InitOperation(at(monday(0, 30))).run(InitOptions.parent(layout.parent).bootFolder("C:\\VHD").build());
        recoveryEntry = "{" + layout.layout().child(Role.RECOVERY).entryId() + "}";
    }

    private String bootSequence() throws Exception {
        var elements = bcdedit.objects().get(BOOTMGR).get("elements");
        return elements.has("bootsequence") && elements.get("bootsequence").size() > 0
                ? elements.get("bootsequence").get(0).asText() : null;
    }

    /** Current's chain: depth, and whether its top stores nothing of its own. */
    private void assertCurrentIsAFreshChildOf(String snapshot) throws Exception {
        Layout read = layout.layout();
        assertEquals(ImageRef.snapshot(snapshot), read.currentBase());
        try (Chain chain = new DiskImages().open(layout.current, false)) {
            assertEquals(0, chain.top().info().allocatedBytes());
            assertTrue(Files.isSameFile(chain.layers().get(1).path(), read.pathOf(ImageRef.snapshot(snapshot))));
        }
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER),
                "Current reads the snapshot's state");
    }

    @Test
    void aSnapshotAtRestartIsTakenByRecoveryWhichRestartsIntoCurrent() throws Exception {
        runningIn(Role.CURRENT);
        layout.writeUserChanges(layout.current);
        OperationException running = assertThrows(OperationException.class, () -> snapshot(monday(9, 0), "s1", false));
        assertTrue(running.getMessage().contains("--at-restart"), running.getMessage());

        SnapshotCreateOperation.Result asked = snapshot(monday(9, 0), "s1", true);
        assertTrue(asked.atRestart());
        PendingReset mark = PendingReset.read(images).orElseThrow();
        assertEquals(Optional.of(new PendingReset.Snapshot("s1", "before the update")), mark.snapshot());
        assertFalse(mark.reset());
        assertEquals(recoveryEntry, bootSequence(), "one-time boot into Recovery");
        assertEquals(List.of(), restart.restarts, "the user restarts when it suits them");

        AgentOperation.TickResult later = tick(monday(13, 0), false);
        assertEquals(AgentOperation.Action.NOTHING, later.action(), later.toString());
        assertTrue(PendingReset.read(images).isPresent(), "a waiting snapshot does not go stale");

        runningIn(Role.RECOVERY);
        AgentOperation.TickResult taken = tick(monday(17, 0), true);
        assertEquals(AgentOperation.Action.SNAPSHOT_TAKEN, taken.action(), taken.toString());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)), "mark cleared");
        assertEquals(List.of(AgentOperation.RESTART_DELAY), restart.restarts, "restart into Current");
        assertCurrentIsAFreshChildOf("s1");
        assertEquals("before the update", layout.layout().tree().get(ImageRef.snapshot("s1")).note());
    }

    /** Where the boot store does not change at once the restart would land in Current again: refused, nothing left. */
    @ParameterizedTest
    @ValueSource(strings = {"none", "script"})
    void aSnapshotAtRestartIsRefusedWhereRecoveryCannotBeBootedOnce(String store) throws Exception {
        Path ini = images.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replace("boot_store = bcdedit\n", "boot_store = " + store + "\n"));
        runningIn(Role.CURRENT);
        String before = Files.readString(ini);
        OperationException refused = assertThrows(OperationException.class, () -> snapshot(monday(9, 0), "s1", true));
        assertEquals(OperationException.Kind.PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("boot_store = " + store + " (") && refused.getMessage()
                .endsWith("start Recovery and run `vhdboot snapshot create s1` there"), refused.getMessage());
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
        assertEquals(before, Files.readString(ini));
        assertEquals(null, bootSequence());
    }

    @Test
    void theNightlyResetReturnsCurrentToItsBaseSnapshot() throws Exception {
        runningIn(Role.RECOVERY);
        layout.writeUserChanges(layout.current);
        snapshot(monday(0, 45), "s1", false);
        new ScheduleOperation(at(monday(1, 0))).set(layout.layout(), new Schedule(LocalTime.of(2, 0),
                EnumSet.allOf(DayOfWeek.class), Duration.ofMinutes(10), Role.CURRENT, Schedule.Missed.RESET));

        runningIn(Role.CURRENT);
        try (Chain chain = new DiskImages().open(layout.current, true)) {
            chain.write(1 << 20, java.nio.ByteBuffer.wrap("today's work".getBytes()));
        }
        assertEquals(AgentOperation.Action.RESET_REQUESTED, tick(monday(2, 3), false).action());
        runningIn(Role.RECOVERY);
        assertEquals(AgentOperation.Action.RESET_DONE, tick(monday(2, 15), true).action());
        assertCurrentIsAFreshChildOf("s1");
    }

    /** A snapshot waiting when the nightly reset comes: Recovery takes it first, then resets onto it. */
    @Test
    void aWaitingSnapshotIsTakenBeforeTheNightlyReset() throws Exception {
        new ScheduleOperation(at(monday(1, 0))).set(layout.layout(), new Schedule(LocalTime.of(2, 0),
                EnumSet.allOf(DayOfWeek.class), Duration.ofMinutes(10), Role.CURRENT, Schedule.Missed.RESET));
        runningIn(Role.CURRENT);
        layout.writeUserChanges(layout.current);
        snapshot(monday(1, 30), "s1", true);

        assertEquals(AgentOperation.Action.RESET_REQUESTED, tick(monday(2, 3), false).action());
        PendingReset mark = PendingReset.read(images).orElseThrow();
        assertTrue(mark.reset() && mark.snapshot().isPresent(), mark.toString());
        runningIn(Role.RECOVERY);
        assertEquals(AgentOperation.Action.RESET_DONE, tick(monday(2, 15), true).action());
        assertCurrentIsAFreshChildOf("s1");
        assertFalse(Files.exists(images.resolve(PendingReset.FILE_NAME)));
    }
}
