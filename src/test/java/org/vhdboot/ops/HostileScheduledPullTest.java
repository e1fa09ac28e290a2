package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.oci.PartWriter;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.windows.SystemRestart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

    /**
     * A download that would outlast the night (a slow link, or a registry sending just enough to pass every timeout)
     * stops at the agent's deadline: the machine restarts into Current on its version, and what arrived is kept.
     */
    @Test
    void aDownloadThatOutlastsTheNightStopsAndTheMachineGoesBackToWork() throws Exception {
        Instant night = Instant.parse("2026-12-03T02:00:00Z");
        Instant[] now = {night};
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now[0];
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        FleetFixture slow = FleetFixture.withLabEntries(root.resolve("slow"), new TestWorld()
                .with(SystemRestart.class, restart).with(Clock.class, clock));
        slow.commit("2026-11", "base", 3 << 20, 11);
        Path share = root.resolve("slow-share");
        slow.push("2026-11", "oci-layout:" + share + ":stable", RegistryAccess.defaults());
        ScheduleOperation schedule = new ScheduleOperation(slow.world.context());
        schedule.set(FleetFixture.layout(slow.lab), new Schedule(LocalTime.of(2, 0),
                EnumSet.allOf(DayOfWeek.class), Duration.ofMinutes(10), Role.CURRENT, Schedule.Missed.RESET));
        schedule.setPull(FleetFixture.layout(slow.lab), Optional.of(PullPolicy.of("oci-layout:" + share + ":stable",
                null, null, TransportOptions.PlainHttp.NEVER)));
        new PendingReset(Role.CURRENT, night, night).write(slow.lab, new FileSteps(IoStepHook.NONE));
        slow.world.platform.runningRole = Role.RECOVERY.key();
        slow.world.with(PartWriter.class, (channel, data) -> {
            PartWriter.DIRECT.append(channel, data);
            now[0] = now[0].plus(Duration.ofMinutes(50)); // each megabyte takes most of an hour tonight
        });

        AgentOperation.TickResult tick = new AgentOperation(slow.world.context()).tick(Optional.of(slow.lab), false);
        assertEquals(AgentOperation.Action.RESET_DONE, tick.action());
        assertEquals(1, restart.restarts.size(), "back into Current");
        StatusOperation.Report status = slow.world.status(slow.lab);
        assertFalse(status.lastPull().succeeded());
        assertTrue(status.lastPull().message().contains("the download of 2026-11 was still running at "
                + night.plus(ScheduledPull.PULL_TIME) + ", the end of its time"), status.lastPull().message());
        assertEquals("base", FleetFixture.layout(slow.lab).currentVersion().name());
        assertTrue(status.interruptedPull().downloads().get(0).bytesHeld() >= 2 << 20,
                status.interruptedPull().downloads().toString());
    }
}
