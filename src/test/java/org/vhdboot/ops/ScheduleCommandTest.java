package org.vhdboot.ops;

import org.vhdboot.windows.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleCommandTest {
    @TempDir
    Path dir;

    @Test
    void badValuesAreUsageErrorsAndChangeNothing() throws Exception {
        Services services = TestWorld.portable(Clock.systemUTC()).with(Platform.class, new FakePlatform());
        LayoutFixture.initialized(dir, services);
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        for (String[] option : new String[][] {{"--warn", "-5m"}, {"--warn", "100000h"}, {"--days", "funday"},
                {"--missed", "maybe"}, {"--target", "parent"}}) {
            CommandRun run = CommandRun.with(services, "schedule", "--layout", dir.toString(), "--daily", "02:00",
                    option[0], option[1]);
            assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
        }
        CommandRun badTime = CommandRun.with(services, "schedule", "--layout", dir.toString(), "--daily", "25:99");
        assertEquals(ExitCode.USAGE.code(), badTime.exitCode(), badTime.toString());
        assertTrue(badTime.err().contains("HH:MM"), badTime.err());
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)));
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
        Services services = TestWorld.portable(Clock.systemUTC()).with(Platform.class, new FakePlatform());
        LayoutFixture.initialized(dir, services);
        assertEquals(0, CommandRun.with(services, "schedule", "--layout", dir.toString(), "--daily", "02:00",
                "--target", "recovery").exitCode());
        Path ini = dir.resolve(Layout.INI_NAME);
        String text = Files.readString(ini);
        assertTrue(text.contains(line), text);
        Files.writeString(ini, text.replace(line, edited));
        CommandRun show = CommandRun.with(services, "schedule", "--show", "--layout", dir.toString());
        assertEquals(ExitCode.PRECONDITION.code(), show.exitCode(), show.toString());
        assertEquals(1, show.err().lines().count(), show.err());
        assertTrue(show.err().contains(words), show.err());
    }

    @Test
    void showAndUnschedule() throws Exception {
        Services services = TestWorld.portable(Clock.systemUTC()).with(Platform.class, new FakePlatform());
        LayoutFixture.initialized(dir, services);
        assertTrue(CommandRun.with(services, "schedule", "--show", "--layout", dir.toString()).out()
                .contains("no schedule"));
        assertEquals(0, CommandRun.with(services, "schedule", "--layout", dir.toString(), "--daily", "03:30",
                "--days", "sat,sun").exitCode());
        CommandRun show = CommandRun.with(services, "schedule", "--show", "--layout", dir.toString());
        assertTrue(show.out().contains("at 03:30 sat,sun"), show.out());
        assertTrue(CommandRun.with(services, "unschedule", "--layout", dir.toString()).out().contains("schedule removed"));
        assertTrue(CommandRun.with(services, "unschedule", "--layout", dir.toString()).out().contains("there was no schedule"));
    }
}
