package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.Schedule;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code vhdboot schedule} and {@code unschedule}: the nightly reset's timing, kept in {@code vhdboot.ini} on the
 * host volume where the reset cannot wipe it. Runs from any OS that sees the host volume; the agent in the
 * golden image acts on it.
 */
public final class ScheduleOperation {

    /**
     * What {@code schedule --show} reports.
     *
     * @param pull the update policy: what the agent pulls after each nightly reset, if anything
     */
    public record View(Schedule schedule, Instant nextRun, Optional<Instant> handledDue, Optional<PullPolicy> pull) {
    }

    private final OperationContext context;

    public ScheduleOperation(OperationContext context) {
        this.context = context;
    }

    public View set(Layout loaded, Schedule schedule) throws IOException, OperationException {
        new Preflight(context.platform(), context.reporter()).requireElevation("schedule");
        OperationJournal.read(loaded); // a journal vhdboot could not have written stops it before the lock
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "schedule")) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            Optional<String> unworkable = schedule.unworkableIn(layout);
            if (unworkable.isPresent()) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "schedule refused: "
                        + unworkable.get());
            }
            layout.setSchedule(schedule);
            // A new schedule starts fresh: the moment already passed today must not fire now.
            layout.setHandledDue(schedule.lastDue(context.clock().instant(), context.clock().getZone()).orElse(null));
            LayoutFile.save(layout, context.steps());
            View view = show(layout).orElseThrow();
            context.log(layout).record(Event.SCHEDULE_CHANGED, Duration.ZERO, "reset " + schedule.target().key()
                    + " at " + schedule.time() + " " + Schedule.formatDays(schedule.days()) + ", warn "
                    + Schedule.formatDuration(schedule.warning()) + ", missed " + schedule.missed().key()
                    + "; next " + view.nextRun());
            return view;
        }
    }

    /**
     * Sets the update policy of the stored schedule ({@code --pull REF}), or removes it ({@code --no-pull}): after
     * each nightly reset the agent in Recovery pulls REF and switches to a new version, with confirmation.
     */
    public View setPull(Layout loaded, Optional<PullPolicy> policy) throws IOException, OperationException {
        new Preflight(context.platform(), context.reporter()).requireElevation("schedule --pull");
        OperationJournal.read(loaded); // a journal vhdboot could not have written stops it before the lock
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "schedule --pull")) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            if (policy.isPresent()) {
                checkPull(layout, policy.get());
            }
            if (layout.schedule().isEmpty()) {
                throw new OperationException(OperationException.Kind.USAGE, policy.isPresent() ? "--pull acts after the"
                        + " nightly reset, and there is no schedule: give --daily HH:MM too" : "there is no schedule,"
                        + " so no update policy to remove");
            }
            layout.setPullPolicy(policy.orElse(null));
            LayoutFile.save(layout, context.steps());
            context.log(layout).record(Event.SCHEDULE_CHANGED, Duration.ZERO, policy.map(p -> "after each nightly"
                    + " reset, pull " + p.reference() + " and switch to a new version").orElse("no pull after the"
                    + " nightly reset"));
            return show(layout).orElseThrow();
        }
    }

    /**
     * Refuses an update policy the agent could not carry out on {@code layout}; {@code schedule --daily --pull} asks
     * before it stores the schedule, so a refusal changes nothing.
     */
    public void checkPull(Layout layout, PullPolicy policy) throws OperationException {
        Optional<String> unworkable = policy.unworkableIn(layout);
        if (unworkable.isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "schedule --pull refused: "
                    + unworkable.get());
        }
    }

    public Optional<View> show(Layout layout) {
        return layout.schedule().map(schedule -> new View(schedule,
                schedule.nextRun(context.clock().instant(), context.clock().getZone()), layout.handledDue(),
                layout.pullPolicy()));
    }

    /** @return whether there was a schedule to remove */
    public boolean remove(Layout loaded) throws IOException, OperationException {
        new Preflight(context.platform(), context.reporter()).requireElevation("unschedule");
        OperationJournal.read(loaded); // a journal vhdboot could not have written stops it before the lock
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "unschedule")) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            if (layout.schedule().isEmpty()) {
                return false;
            }
            layout.setSchedule(null);
            layout.setHandledDue(null);
            layout.setPullPolicy(null);
            LayoutFile.save(layout, context.steps());
            context.log(layout).record(Event.SCHEDULE_CHANGED, Duration.ZERO, "schedule removed");
            return true;
        }
    }
}
