package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.windows.BootedFrom;
import org.vhdboot.windows.SystemRestart;
import org.vhdboot.windows.TaskScheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot agent}: the program in the golden image that carries out the nightly cycle. Installed once
 * into the parent, it runs in both children; each tick finds the layout from the disk the OS booted from
 * and acts by role. In Current, when the reset is due: mark it pending, boot Recovery once, warn users,
 * restart. In Recovery, when a reset is pending: reset, clear the mark, pull what the update policy names
 * ({@link ScheduledPull}), restart into Current. A failed reset clears the mark too and stays in Recovery, so
 * there is never a boot loop.
 */
public final class AgentOperation {
    /** A due moment older than this was missed (machine off or asleep): acted on only at the next boot. */
    static final Duration GRACE = Duration.ofMinutes(15);
    /** A pending mark older than this was never acted on by Recovery. */
    static final Duration STALE_PENDING = Duration.ofHours(1);
    static final Duration RESTART_DELAY = Duration.ofSeconds(10);

    /** What one tick did. */
    public enum Action { NOTHING, RESET_REQUESTED, RESET_NOT_RUN, RESET_DONE, RESET_FAILED, MISSED_SKIPPED, RECOVERY_RESET,
        SNAPSHOT_TAKEN, SWITCH_STARTED, SWITCH_CONFIRMED, SWITCH_NOT_CONFIRMED }

    /** @param role the child the tick ran in: current, recovery, or none */
    public record TickResult(String role, Action action, String detail) {
    }

    private final OperationContext context;

    public AgentOperation(OperationContext context) {
        this.context = context;
    }

    /** Registers the two agent tasks that run {@code command} (the installed launcher). */
    public List<String> install(String command) throws IOException, OperationException {
        requireElevation("agent install");
        TaskScheduler tasks = taskScheduler();
        List<String> registered = new ArrayList<>();
        Path folder = Files.createTempDirectory("vhdboot-agent");
        try {
            for (AgentTasks.Task task : AgentTasks.forCommand(command)) {
                Path xml = folder.resolve(task.name().replace('\\', '-').replaceAll("^-+", "") + ".xml");
                // UTF-16 with a byte order mark, as schtasks reads it.
                Files.write(xml, ("\uFEFF" + task.xml()).getBytes(StandardCharsets.UTF_16LE));
                tasks.register(task.name(), xml);
                registered.add(task.name());
            }
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
        OperationLog.toEventLog(context.events(), Event.AGENT_INSTALLED, "tasks " + registered + " run `" + command
                + " agent tick` as SYSTEM");
        return registered;
    }

    /** Removes the agent's tasks; tolerates their absence, so it can always be run. */
    public List<String> uninstall() throws IOException, OperationException {
        requireElevation("agent uninstall");
        TaskScheduler tasks = taskScheduler();
        List<String> removed = new ArrayList<>();
        for (String name : List.of(AgentTasks.BOOT_TASK, AgentTasks.TICK_TASK)) {
            if (tasks.exists(name)) {
                tasks.delete(name);
                removed.add(name);
            }
        }
        OperationLog.toEventLog(context.events(), Event.AGENT_REMOVED, removed.isEmpty()
                ? "no agent tasks were registered" : "removed " + removed);
        return removed;
    }

    public TickResult tick(Optional<Path> layoutOption, boolean atBoot) throws IOException, OperationException {
        Path ini = findLayout(layoutOption);
        refuseFilesVhdbootDidNotWrite(ini);
        try (LayoutLock lock = LayoutLock.acquire(ini.getParent(), "agent tick", LayoutLock.AGENT_FILE_NAME)) {
            Layout layout = LayoutFile.load(ini);
            BootedFrom booted = new RunningSystem(context).bootedFrom(layout);
            SwitchWatch.Seen seen = new SwitchWatch(context).tick(ini, booted, atBoot);
            if (booted.runningFrom(Role.RECOVERY.key())) {
                return recoveryTick(LayoutFile.load(ini));
            }
            if (booted.runningFrom(Role.CURRENT.key())) {
                if (LayoutFile.load(ini).lastSwitch().filter(SwitchRecord::pending).isPresent()) {
                    // The nightly restart into Recovery would take the place of the switch's one-time boot.
                    return new TickResult("current", Action.NOTHING, seen.detail() + "; the nightly reset waits");
                }
                TickResult nightly = currentTick(ini, atBoot);
                return nightly.action() == Action.NOTHING && seen.outcome() == SwitchWatch.Outcome.NOT_CONFIRMED
                        ? new TickResult("current", Action.SWITCH_NOT_CONFIRMED, seen.detail()) : nightly;
            }
            if (booted.role().isPresent()) {
                return new TickResult(booted.role().get(), switchAction(seen), seen.detail());
            }
            return new TickResult("none", Action.NOTHING, "not running from a child of this layout ("
                    + booted.evidence() + ")");
        }
    }

    private static Action switchAction(SwitchWatch.Seen seen) {
        return switch (seen.outcome()) {
            case BOOTED -> Action.SWITCH_STARTED;
            case CONFIRMED -> Action.SWITCH_CONFIRMED;
            case NOT_CONFIRMED -> Action.SWITCH_NOT_CONFIRMED;
            default -> Action.NOTHING;
        };
    }

    /**
     * The agent runs as SYSTEM: a layout, pending mark or journal it could not have written stops the tick before
     * it takes a lock or changes anything. Nobody watches a tick, so the reason goes to the event log too.
     */
    private void refuseFilesVhdbootDidNotWrite(Path ini) throws IOException, OperationException {
        try {
            Layout layout = LayoutFile.load(ini);
            PendingReset.read(layout.folder());
            OperationJournal.read(layout);
        } catch (LayoutException e) {
            OperationLog.toEventLog(context.events(), Event.LAYOUT_REFUSED, e.getMessage());
            throw e;
        }
    }

    /** The layout is beside the disk this OS booted from, whatever letter the host volume has here. */
    private Path findLayout(Optional<Path> option) throws IOException, OperationException {
        if (option.isPresent()) {
            return LayoutFile.locate(option.get());
        }
        Optional<Path> booted = context.platform().bootedImage();
        if (booted.isEmpty()) {
            throw new LayoutException("cannot find the layout: this system did not start from a virtual disk"
                    + " (or its host volume has no mount point here); pass --layout DIR");
        }
        return booted.get().toAbsolutePath().getParent().resolve(Layout.INI_NAME);
    }

    /** Decides and records under the layout lock, so an admin's `schedule` or `unschedule` is never lost. */
    private TickResult currentTick(Path ini, boolean atBoot) throws IOException, OperationException {
        TickResult decided;
        try (LayoutLock lock = LayoutLock.acquire(ini.getParent(), "agent tick")) {
            decided = decideInCurrent(LayoutFile.load(ini), atBoot);
        }
        if (decided.action() == Action.RECOVERY_RESET) {
            // Recovery is not running, so it can be reset from here, under the reset's own lock.
            new ResetOperation(context).run(LayoutFile.load(ini),
                    new ResetOperation.Options(Role.RECOVERY, true, false, false, false));
        }
        return decided;
    }

    private TickResult decideInCurrent(Layout layout, boolean atBoot) throws IOException, OperationException {
        Instant now = context.clock().instant();
        Optional<PendingReset> pending = PendingReset.read(layout.folder());
        if (pending.isPresent() && !pending.get().reset()) {
            // Only a snapshot at the next restart, whenever that comes: the schedule still applies meanwhile.
        } else if (pending.isPresent()) {
            if (Duration.between(pending.get().requested(), now).compareTo(STALE_PENDING) < 0) {
                return new TickResult("current", Action.NOTHING, "a reset is pending; the restart into Recovery is under way");
            }
            // The restart never came (cancelled, or failed): drop the request and the one-time boot with it.
            clearRequest(layout);
            context.log(layout).record(Event.RESET_SKIPPED, Duration.ZERO, "the reset requested at "
                    + pending.get().requested() + " never ran in Recovery; cleared it and the one-time boot");
        }
        if (layout.schedule().isEmpty()) {
            return new TickResult("current", Action.NOTHING, "no schedule");
        }
        Schedule schedule = layout.schedule().get();
        Optional<Instant> due = schedule.lastDue(now, context.clock().getZone());
        if (due.isEmpty() || layout.handledDue().filter(handled -> !due.get().isAfter(handled)).isPresent()) {
            return new TickResult("current", Action.NOTHING, "next reset at "
                    + schedule.nextRun(now, context.clock().getZone()));
        }
        Optional<String> unworkable = schedule.unworkableIn(layout);
        if (unworkable.isPresent()) {
            // Written into the ini by hand, since `schedule` refuses it: restarting would land in Current again.
            layout.setHandledDue(due.get());
            LayoutFile.save(layout, context.steps());
            String why = "the reset due at " + due.get() + " was not run: " + unworkable.get();
            context.log(layout).record(Event.RESET_FAILED, Duration.ZERO, why);
            return new TickResult("current", Action.RESET_NOT_RUN, why);
        }
        if (Duration.between(due.get(), now).compareTo(GRACE) > 0) {
            if (!atBoot) {
                // Never reset in the middle of someone's day: a missed reset waits for the next start.
                return new TickResult("current", Action.NOTHING, "the reset due at " + due.get()
                        + " was missed; it is handled at the next start");
            }
            if (schedule.missed() == Schedule.Missed.SKIP) {
                layout.setHandledDue(due.get());
                LayoutFile.save(layout, context.steps());
                context.log(layout).record(Event.MISSED_SCHEDULE, Duration.ZERO, "the reset due at " + due.get()
                        + " was missed while the machine was off; skipped (missed = skip)");
                return new TickResult("current", Action.MISSED_SKIPPED, "skipped the reset missed at " + due.get());
            }
            context.log(layout).record(Event.MISSED_SCHEDULE, Duration.ZERO, "the reset due at " + due.get()
                    + " was missed while the machine was off; resetting now (missed = reset)");
        }
        if (schedule.target() == Role.RECOVERY) {
            layout.setHandledDue(due.get());
            LayoutFile.save(layout, context.steps());
            return new TickResult("current", Action.RECOVERY_RESET, "reset Recovery as scheduled");
        }
        return requestReset(layout, schedule, due.get(), atBoot, pending.filter(p -> !p.reset()));
    }

    /** @param snapshotOnly a snapshot waiting for the next restart, which Recovery takes before the reset */
    private TickResult requestReset(Layout layout, Schedule schedule, Instant due, boolean atBoot,
                                    Optional<PendingReset> snapshotOnly) throws IOException, OperationException {
        SystemRestart restart = context.restart().orElseThrow(() -> new OperationException(
                OperationException.Kind.PRECONDITION, "the reset is due but this system cannot restart itself"));
        snapshotOnly.map(p -> p.withReset(due, context.clock().instant()))
                .orElse(new PendingReset(Role.CURRENT, due, context.clock().instant()))
                .write(layout.folder(), context.steps());
        layout.setHandledDue(due);
        LayoutFile.save(layout, context.steps());
        try {
            context.bootStores().open(layout).apply(new BootChange.BootOnce(layout.child(Role.RECOVERY).entryId()));
        } catch (BootStoreException e) {
            PendingReset.clear(layout.folder(), context.steps());
            context.log(layout).record(Event.RESET_FAILED, Duration.ZERO, "could not set the one-time boot into"
                    + " Recovery: " + e.getMessage());
            throw new OperationException(OperationException.Kind.BOOT_STORE, "could not set the one-time boot into"
                    + " Recovery: " + e.getMessage(), e);
        }
        Duration delay = atBoot ? RESTART_DELAY : schedule.warning().compareTo(RESTART_DELAY) > 0
                ? schedule.warning() : RESTART_DELAY;
        String warning = "This computer restarts in " + describe(delay) + " for its scheduled reset to a clean state."
                + " Save your work elsewhere: changes on this computer are discarded.";
        try {
            warnAndRestart(layout, schedule, restart, delay, warning, atBoot);
        } catch (IOException | RuntimeException e) {
            // Without the restart, a pending mark and a one-time boot would fire at some later, random reboot.
            clearRequest(layout);
            context.log(layout).record(Event.RESET_FAILED, Duration.ZERO, "could not restart into Recovery ("
                    + e.getMessage() + "); the reset request is withdrawn");
            throw e;
        }
        context.log(layout).record(Event.RESET_DUE, Duration.ZERO, "reset of current due at " + due
                + "; restarting into Recovery in " + describe(delay));
        return new TickResult("current", Action.RESET_REQUESTED, "restarting into Recovery in " + describe(delay)
                + " to reset Current");
    }

    private void warnAndRestart(Layout layout, Schedule schedule, SystemRestart restart, Duration delay, String warning,
                                boolean atBoot) throws IOException {
        if (!atBoot && !schedule.warning().isZero()) {
            try {
                restart.messageUsers(delay, warning);
                context.log(layout).record(Event.USERS_WARNED, Duration.ZERO, "warned logged-on users " + describe(delay)
                        + " ahead");
            } catch (IOException e) {
                context.reporter().warn("could not warn logged-on users: " + e.getMessage());
            }
        }
        restart.restart(delay, warning);
    }

    /** Withdraws a reset request: the pending mark, and the one-time boot into Recovery. */
    private void clearRequest(Layout layout) throws IOException {
        PendingReset.clear(layout.folder(), context.steps());
        try {
            context.bootStores().open(layout).apply(new BootChange.CancelBootOnce(layout.child(Role.RECOVERY).entryId()));
        } catch (BootStoreException | OperationException e) {
            context.reporter().warn("could not cancel the one-time boot into Recovery: " + e.getMessage());
        }
    }

    private TickResult recoveryTick(Layout layout) throws IOException, OperationException {
        Optional<PendingReset> pending = PendingReset.read(layout.folder());
        if (pending.isEmpty()) {
            return new TickResult("recovery", Action.NOTHING, "no reset pending");
        }
        Optional<PendingReset.Snapshot> snapshot = pending.get().snapshot();
        if (snapshot.isPresent()) {
            takeSnapshot(layout, snapshot.get());
            if (!pending.get().reset()) {
                PendingReset.clear(layout.folder(), context.steps());
                restartIntoCurrent("vhdboot snapshot " + snapshot.get().name() + " taken");
                return new TickResult("recovery", Action.SNAPSHOT_TAKEN, "took snapshot " + snapshot.get().name()
                        + "; restarting into Current");
            }
            // The reset comes next, as it would have without the snapshot; a snapshot is not run twice.
            pending = Optional.of(new PendingReset(pending.get().target(), pending.get().due(),
                    pending.get().requested()));
            pending.get().write(layout.folder(), context.steps());
        }
        Role target = pending.get().target();
        if (Duration.between(pending.get().requested(), context.clock().instant()).compareTo(STALE_PENDING) > 0) {
            // Requested long ago: a reset now would come at a moment nobody chose.
            PendingReset.clear(layout.folder(), context.steps());
            context.log(layout).record(Event.RESET_SKIPPED, Duration.ZERO, "ignored a reset requested at "
                    + pending.get().requested() + ", too long ago");
            return new TickResult("recovery", Action.NOTHING, "ignored a stale reset request");
        }
        try {
            new ResetOperation(context).run(layout, new ResetOperation.Options(target, true, false, false, false));
        } catch (IOException | OperationException | RuntimeException e) {
            // Cleared even on failure: restarting would only fail again, in a loop.
            PendingReset.clear(layout.folder(), context.steps());
            reportFailure(layout, "the scheduled reset of " + target.label(), e);
            throw e;
        }
        PendingReset.clear(layout.folder(), context.steps());
        Optional<String> update = new ScheduledPull(context).afterNightlyReset(layout);
        restartIntoCurrent("vhdboot reset " + target.key() + " done");
        return new TickResult("recovery", Action.RESET_DONE, "reset " + target.key() + "; "
                + update.map(done -> done + "; ").orElse("") + "restarting into Current");
    }

    /**
     * {@code snapshot create --at-restart}, carried out: a failure clears the mark (no loop) and stays in Recovery, as
     * a failed nightly reset does.
     */
    private void takeSnapshot(Layout layout, PendingReset.Snapshot snapshot) throws IOException, OperationException {
        try {
            new SnapshotCreateOperation(context).run(layout, new SnapshotCreateOperation.Options(snapshot.name(),
                    snapshot.note(), false, false));
        } catch (IOException | OperationException | RuntimeException e) {
            PendingReset.clear(layout.folder(), context.steps());
            reportFailure(layout, "the snapshot " + snapshot.name() + " of " + Role.CURRENT.label(), e);
            throw e;
        }
    }

    private void restartIntoCurrent(String why) throws IOException {
        if (context.restart().isPresent()) {
            context.restart().get().restart(RESTART_DELAY, why + "; restarting into " + Role.CURRENT.label());
        }
    }

    /** Nobody is logged on at night: the failure goes to the log, the event log, a note and any session. */
    private void reportFailure(Layout layout, String what, Exception failure) {
        String message = "vhdboot: " + what + " failed: " + failure.getMessage()
                + ". This computer stays in Recovery; see vhdboot.log beside " + layout.parentFile() + ".";
        if (failure instanceof RuntimeException) {
            context.log(layout).record(Event.RESET_FAILED, Duration.ZERO, message);
        }
        try {
            context.notices().leave("vhdboot reset failed", message);
        } catch (IOException ignored) {
            // The log and the event log hold the failure too.
        }
        context.restart().ifPresent(restart -> {
            try {
                restart.messageUsers(Duration.ofHours(12), message);
            } catch (IOException ignored) {
                // As above.
            }
        });
        context.reporter().warn(message);
    }

    private TaskScheduler taskScheduler() throws OperationException {
        return context.tasks().orElseThrow(() -> new OperationException(OperationException.Kind.PRECONDITION,
                "the agent needs Windows' Task Scheduler: run this inside the golden image"));
    }

    private void requireElevation(String operation) throws OperationException {
        new Preflight(context.platform(), context.reporter()).requireElevation(operation);
    }

    private static String describe(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds >= 120 ? seconds / 60 + " minutes" : seconds + " seconds";
    }
}
