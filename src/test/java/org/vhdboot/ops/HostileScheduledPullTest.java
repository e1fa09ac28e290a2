package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.windows.SystemRestart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** {@code schedule --pull} of an image an attacker wrote into the share: the agent's night goes on regardless. */
class HostileScheduledPullTest {
    @TempDir
    Path root;

    private final RecordingRestart restart = new RecordingRestart();

    /**
     * The agent pulls unattended: a hostile image is a failed pull, kept in {@code [last_pull]} as one line (its
     * text, line breaks and section headers included, quoted), the ini still reads, the machine stays on its version
     * and restarts into Current.
     */
    @Test
    void theAgentRecordsAHostileImageAsOneLineAndStaysOnItsVersion() throws Exception {
        FleetFixture night = FleetFixture.withLabEntries(root.resolve("night"), new TestWorld()
                .with(SystemRestart.class, restart));
        night.commit("2026-11", "base", 64 << 10, 11);
        Path nightShare = root.resolve("night-share");
        night.push("2026-11", "oci-layout:" + nightShare + ":good", RegistryAccess.defaults());
        String reference = TamperedImage.tag(nightShare, "good", "hostile", TamperedImage.annotation(1,
                "org.vhdboot.version.name", "v1\r\n[version.evil]\r\nfile = ..\\..\\Windows\\x.vhdx"));
        ScheduleOperation schedule = new ScheduleOperation(night.world.context());
        schedule.set(FleetFixture.layout(night.lab), new Schedule(LocalTime.of(2, 0),
                EnumSet.allOf(DayOfWeek.class), Duration.ofMinutes(10), Role.CURRENT, Schedule.Missed.RESET));
        schedule.setPull(FleetFixture.layout(night.lab), Optional.of(PullPolicy.of(reference, null, null,
                TransportOptions.PlainHttp.NEVER)));
        FolderSnapshot versions = FolderSnapshot.of(night.lab).only(n -> n.endsWith(".vhdx") && !n.contains("Current"));
        Instant now = night.world.context().clock().instant();
        new PendingReset(Role.CURRENT, now, now).write(night.lab, new FileSteps(IoStepHook.NONE));
        night.world.platform.runningRole = Role.RECOVERY.key();

        AgentOperation.TickResult tick = new AgentOperation(night.world.context()).tick(Optional.of(night.lab), false);
        assertEquals(AgentOperation.Action.RESET_DONE, tick.action());
        assertEquals(1, restart.restarts.size(), "back into Current");
        assertEquals(versions, FolderSnapshot.of(night.lab).only(n -> n.endsWith(".vhdx") && !n.contains("Current")));
        StatusOperation.Report status = night.world.status(night.lab);
        assertFalse(status.lastPull().succeeded());
        String message = status.lastPull().message();
        assertTrue(message.contains("not a version name") && message.endsWith("stays on version base"), message);
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(status.healthy(), status.problems().toString());
        String ini = Files.readString(night.lab.resolve(Layout.INI_NAME), StandardCharsets.UTF_8);
        assertFalse(ini.lines().anyMatch(line -> line.startsWith("[version.evil]") || line.startsWith("file = ..")), ini);
        assertTrue(night.labFiles().stream().noneMatch(n -> n.contains(".vhdboot-")), night.labFiles().toString());
    }
}
