package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private Schedule daily(LocalTime time, Role target) {
        return new Schedule(time, EnumSet.allOf(DayOfWeek.class), Duration.ofMinutes(10), target, Schedule.Missed.RESET);
    }

    @Test
    void setShowAndRemove() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        ScheduleOperation schedules = new ScheduleOperation(world.context());
        assertEquals(Optional.empty(), schedules.show(layout.layout()));

        ScheduleOperation.View set = schedules.set(layout.layout(), daily(LocalTime.of(3, 30), Role.CURRENT));

        assertEquals(Instant.parse("2026-11-30T03:30:00Z"), set.nextRun());
        assertEquals(set, schedules.show(layout.layout()).orElseThrow());
        assertTrue(Files.readString(dir.resolve(OperationLog.FILE_NAME)).contains("[1003]"));
        assertTrue(schedules.remove(layout.layout()));
        assertFalse(schedules.remove(layout.layout()), "there was no schedule left");
        assertEquals(Optional.empty(), schedules.show(layout.layout()));
    }

    @Test
    void aNewScheduleNeverFiresForAMomentAlreadyPast() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        new ScheduleOperation(world.context()).set(layout.layout(), daily(LocalTime.of(0, 30), Role.CURRENT));
        assertEquals(Optional.of(Instant.parse("2026-11-30T00:30:00Z")), layout.layout().handledDue());
    }

    @Test
    void changingTheScheduleNeedsAdministratorRights() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        world.platform.elevated = false;
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        ScheduleOperation schedules = new ScheduleOperation(world.context());
        assertEquals(OperationException.Kind.NOT_ELEVATED, assertThrows(OperationException.class,
                () -> schedules.set(layout.layout(), daily(LocalTime.of(2, 0), Role.CURRENT))).kind());
        assertEquals(OperationException.Kind.NOT_ELEVATED, assertThrows(OperationException.class,
                () -> schedules.remove(layout.layout())).kind());
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)));
    }

    /** Where vhdboot makes no boot entries the agent could never switch to a pulled version: refused, nothing stored. */
    @Test
    void anUpdatePolicyIsRefusedWithoutBootEntries() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        ScheduleOperation schedules = new ScheduleOperation(world.context());
        schedules.set(layout.layout(), daily(LocalTime.of(2, 0), Role.CURRENT));
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        OperationException refused = assertThrows(OperationException.class, () -> schedules.setPull(layout.layout(),
                Optional.of(PullPolicy.of("oci-layout:/srv/share/win11:stable", null, null,
                        org.vhdboot.oci.TransportOptions.PlainHttp.NEVER))));
        assertEquals(OperationException.Kind.PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("boot_store = none"), refused.getMessage());
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)));
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
