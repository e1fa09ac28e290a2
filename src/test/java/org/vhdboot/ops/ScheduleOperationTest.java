package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleOperationTest {
    /** Monday 30 November 2026, 01:00 UTC. */
    private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld(Clock.fixed(NOW, ZoneOffset.UTC));

    /** A layout whose boot entries vhdboot changes at once (bcdedit's behaviour in the JVM), as the agent needs. */
    private LayoutFixture withBootEntries() throws Exception {
        world.withBcdedit(FakeBcdedit.in(Files.createDirectories(dir.resolve("bcd")), "en", "utf-8"));
        LayoutFixture layout = new LayoutFixture(Files.createDirectories(dir.resolve("VHD")));
        layout.buildParent();
        world.init(InitOptions.parent(layout.parent).bootFolder("C:\\VHD"));
        return layout;
    }

    private Path ini(LayoutFixture layout) throws Exception {
        return layout.layout().iniPath();
    }

    private Schedule daily(LocalTime time, Role target) {
        return new Schedule(time, EnumSet.allOf(DayOfWeek.class), Duration.ofMinutes(10), target, Schedule.Missed.RESET);
    }

    @Test
    void setShowAndRemove() throws Exception {
        LayoutFixture layout = withBootEntries();
        ScheduleOperation schedules = new ScheduleOperation(world.context());
        assertEquals(Optional.empty(), schedules.show(layout.layout()));

        ScheduleOperation.View set = schedules.set(layout.layout(), daily(LocalTime.of(3, 30), Role.CURRENT));

        assertEquals(Instant.parse("2026-11-30T03:30:00Z"), set.nextRun());
        assertEquals(set, schedules.show(layout.layout()).orElseThrow());
        assertTrue(Files.readString(ini(layout).resolveSibling(OperationLog.FILE_NAME)).contains("[1003]"));
        assertTrue(schedules.remove(layout.layout()));
        assertFalse(schedules.remove(layout.layout()), "there was no schedule left");
        assertEquals(Optional.empty(), schedules.show(layout.layout()));
    }

    @Test
    void aNewScheduleNeverFiresForAMomentAlreadyPast() throws Exception {
        LayoutFixture layout = withBootEntries();
        new ScheduleOperation(world.context()).set(layout.layout(), daily(LocalTime.of(0, 30), Role.CURRENT));
        assertEquals(Optional.of(Instant.parse("2026-11-30T00:30:00Z")), layout.layout().handledDue());
    }

    @Test
    void changingTheScheduleNeedsAdministratorRights() throws Exception {
        LayoutFixture layout = withBootEntries();
        world.platform.elevated = false;
        String ini = Files.readString(ini(layout));
        ScheduleOperation schedules = new ScheduleOperation(world.context());
        assertEquals(OperationException.Kind.NOT_ELEVATED, assertThrows(OperationException.class,
                () -> schedules.set(layout.layout(), daily(LocalTime.of(2, 0), Role.CURRENT))).kind());
        assertEquals(OperationException.Kind.NOT_ELEVATED, assertThrows(OperationException.class,
                () -> schedules.remove(layout.layout())).kind());
        assertEquals(ini, Files.readString(ini(layout)));
    }

    /**
     * Where the boot store does not change at once (no entries, or a script an administrator runs later), the agent
     * could never restart into Recovery for the reset of Current nor start a pulled version once: both refused, nothing
     * stored. Resetting Recovery needs no restart, so that schedule is kept.
     */
    @ParameterizedTest
    @ValueSource(strings = {"none", "script"})
    void schedulesTheAgentCouldNotCarryOutAreRefused(String store) throws Exception {
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        world.init(store.equals("script") ? InitOptions.parent(layout.parent).bootStore(store).bootFolder("C:\\VHD")
                : InitOptions.parent(layout.parent).bootStore(store));
        ScheduleOperation schedules = new ScheduleOperation(world.context());
        String ini = Files.readString(ini(layout));
        OperationException current = assertThrows(OperationException.class, () -> schedules.set(layout.layout(),
                daily(LocalTime.of(2, 0), Role.CURRENT)));
        assertEquals(OperationException.Kind.PRECONDITION, current.kind());
        assertTrue(current.getMessage().startsWith("schedule refused: the nightly reset of Current restarts into"
                + " Recovery once, and this layout has boot_store = " + store + " ("), current.getMessage());
        assertEquals(ini, Files.readString(ini(layout)));

        schedules.set(layout.layout(), daily(LocalTime.of(2, 0), Role.RECOVERY));
        String scheduled = Files.readString(ini(layout));
        OperationException pull = assertThrows(OperationException.class, () -> schedules.setPull(layout.layout(),
                Optional.of(PullPolicy.of("oci-layout:/srv/share/win11:stable", null, null,
                        org.vhdboot.oci.TransportOptions.PlainHttp.NEVER))));
        assertEquals(OperationException.Kind.PRECONDITION, pull.kind());
        assertTrue(pull.getMessage().contains("boot_store = " + store + " ("), pull.getMessage());
        assertEquals(scheduled, Files.readString(ini(layout)));
        assertTrue(schedules.setPull(layout.layout(), Optional.empty()).pull().isEmpty(), "--no-pull still works");
    }

    /** A misspelt {@code recovery} must never be read as {@code current}: that would wipe the wrong child. */
    @Test
    void aMisspeltTargetInTheIniStopsCommandsInsteadOfResettingCurrent() throws Exception {
        assertABrokenScheduleLineIsNamed("target = recovery", "target = recovry", "target = recovry");
    }

    @Test
    void anUnknownMissedPolicyInTheIniIsNamedInOneLine() throws Exception {
        assertABrokenScheduleLineIsNamed("missed = reset", "missed = maybe", "missed takes reset or skip, not 'maybe'");
    }

    /** Schedules recovery resets, edits one ini line by hand, and expects that line named in a one-line error. */
    private void assertABrokenScheduleLineIsNamed(String line, String edited, String words) throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        new ScheduleOperation(world.context()).set(layout.layout(), daily(LocalTime.of(2, 0), Role.RECOVERY));
        Path ini = dir.resolve(Layout.INI_NAME);
        String text = Files.readString(ini);
        assertTrue(text.contains(line), text);
        Files.writeString(ini, text.replace(line, edited));
        LayoutException e = assertThrows(LayoutException.class, layout::layout);
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
