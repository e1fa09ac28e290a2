package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.LastPull;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code [last_pull]}, the agent's last scheduled pull, is only shown by {@code status}; still it is read as strictly
 * as the rest of the ini, so what is shown is what the agent wrote: each hostile value stops the command in one line
 * naming the key.
 */
class LastPullSectionTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    @Test
    void whatTheAgentWroteReadsBack() throws Exception {
        LayoutFixture fixture = LayoutFixture.initialized(dir, world);
        Layout layout = fixture.layout();
        LastPull pull = new LastPull("oci://registry.lab:5000/fleet/win11:stable", Instant.parse("2026-12-01T02:01:00Z"),
                Instant.parse("2026-12-01T02:03:30Z"), false, DIGEST, "2026-12", "the scheduled pull of"
                + " oci://registry.lab:5000/fleet/win11:stable failed: registry.lab:5000 refused the credentials");
        layout.setLastPull(pull);
        LayoutFile.save(layout, new FileSteps(IoStepHook.NONE));
        assertEquals(pull, fixture.layout().lastPull().orElseThrow());
    }

    /**
     * Where the update policy cannot work (no boot entries), {@code status} warns about the policy once; a last pull
     * that was only "not run" says nothing more, but one that really failed before is still shown.
     */
    @Test
    void statusShowsARealFailureBesideAPolicyThatCannotWorkButNotANotRunOne() throws Exception {
        LayoutFixture fixture = LayoutFixture.initialized(dir, world);
        new ScheduleOperation(world.context()).set(fixture.layout(), new Schedule(java.time.LocalTime.of(2, 0),
                java.util.EnumSet.allOf(java.time.DayOfWeek.class), java.time.Duration.ZERO, Role.RECOVERY,
                Schedule.Missed.RESET));
        String reference = "oci://registry.lab:5000/fleet/win11:stable";
        Path ini = dir.resolve(Layout.INI_NAME);
        String scheduled = Files.readString(ini);
        assertTrue(scheduled.contains("[schedule]\n"), scheduled);
        scheduled = scheduled.replace("[schedule]\n", "[schedule]\npull = " + reference + "\n");
        String failed = "the scheduled pull of " + reference + " failed: registry.lab:5000 refused the credentials";
        for (String message : new String[] {failed, ScheduledPull.notRun(reference) + "boot_store = none"}) {
            Files.writeString(ini, scheduled + "\n[last_pull]\nreference = " + reference + "\nstarted = "
                    + "2026-12-01T02:01:00Z\nfinished = 2026-12-01T02:01:05Z\nresult = failed\nmessage = " + message
                    + "\n");
            java.util.List<String> warnings = world.status(dir).warnings();
            assertEquals(1, warnings.stream().filter(w -> w.startsWith("the scheduled pull of " + reference
                    + " cannot work: ")).count(), warnings.toString());
            assertEquals(message.equals(failed), warnings.contains(message), message + ": " + warnings);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "a path for a reference # reference = ../../Windows/System32 # reference = ../../Windows/System32 is not a"
                + " reference",
        "no reference # result = ok # lacks reference",
        "a result that is neither # result = okay # result = okay is not ok or failed",
        "a digest of another algorithm # digest = md5:00 # digest = md5:00 is not sha256: and 64 hex digits",
        "a version that is a path # version = ..\\\\Gold # version = ..\\\\Gold is not a version name",
        "a device name for a version # version = CON # version = CON is not a version name",
        "no start # started = # lacks started",
        "a start that is no time # started = yesterday # started = yesterday is not a time",
        // Instant reads it, but no local time zone can show it: status and every listing would fail on it.
        "a start at the end of time # started = +999999999-12-31T23:59:59Z # started = +999999999-12-31T23:59:59Z"
                + " is not a time",
    })
    void aHostileSectionIsRefusedNamingTheKey(String what, String line, String expected) throws Exception {
        LayoutFixture.initialized(dir, world);
        String key = line.strip().substring(0, line.strip().indexOf(' '));
        StringBuilder section = new StringBuilder("\n[last_pull]\n");
        for (String good : new String[] {"reference = oci://registry.lab:5000/fleet/win11:stable",
                "started = 2026-12-01T02:01:00Z", "finished = 2026-12-01T02:03:30Z", "result = ok",
                "digest = " + DIGEST, "version = 2026-12", "message = up to date"}) {
            if (!good.startsWith(key + " ")) {
                section.append(good).append('\n');
            }
        }
        if (!line.strip().endsWith("=")) {
            section.append(line.strip()).append('\n');
        }
        if (what.equals("no reference")) {
            section = new StringBuilder(section.toString().replaceFirst("reference = [^\n]*\n", ""));
        }
        Path ini = dir.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini) + section);
        LayoutException error = assertThrows(LayoutException.class, () -> LayoutFile.load(ini));
        assertTrue(error.getMessage().contains(expected.strip()), what + ": " + error.getMessage());
        assertTrue(error.getMessage().endsWith("; delete the [last_pull] section (the agent writes it again after its"
                + " next scheduled pull)"), error.getMessage());
        assertEquals(1, error.getMessage().lines().count(), error.getMessage());
    }
}
