package org.vhdboot.cli;

import org.vhdboot.ops.OperationException;
import org.vhdboot.ops.Role;
import org.vhdboot.ops.Schedule;
import org.vhdboot.ops.ScheduleOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Store the nightly reset schedule in vhdboot.ini, where the agent in the golden image reads it."
                + " Runs from any system that sees the host volume.")
final class ScheduleCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Option(names = "--daily", paramLabel = "HH:MM", description = "time of day, local time, e.g. 02:00")
    String daily;

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "daily",
            description = "mon-fri, sat,sun, daily (default)")
    String days;

    @Option(names = "--warn", paramLabel = "DURATION", defaultValue = "10m",
            description = "warn logged-on users this long before the restart, e.g. 10m, 90s, 0 (default 10m)")
    String warn;

    @Option(names = "--target", paramLabel = "current|recovery", defaultValue = "current",
            description = "the child to reset (default current)")
    String target;

    @Option(names = "--missed", paramLabel = "reset|skip", defaultValue = "reset",
            description = "when the machine was off at the due time: reset at the next start (default) or skip")
    String missed;

    @Option(names = "--show", description = "show the stored schedule and the next run")
    boolean show;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    ScheduleCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ScheduleOperation operation = new ScheduleOperation(services.operations(common.bcdeditOption(), "java"));
        var layout = common.load();
        Optional<ScheduleOperation.View> view;
        if (show) {
            view = operation.show(layout);
        } else {
            if (daily == null) {
                throw new OperationException(OperationException.Kind.USAGE, "give --daily HH:MM, or --show");
            }
            view = Optional.of(operation.set(layout, parse()));
        }
        PrintWriter out = services.console().out();
        if (json) {
            JsonOutput.print(out, view.orElse(null));
        } else if (view.isEmpty()) {
            out.println("no schedule: resets happen only when someone runs `vhdboot reset`");
        } else {
            Schedule schedule = view.get().schedule();
            out.printf("reset %s at %s %s, warning users %s ahead; missed resets: %s%n", schedule.target().key(),
                    schedule.time(), Schedule.formatDays(schedule.days()), Schedule.formatDuration(schedule.warning()),
                    schedule.missed().key());
            out.println("next run: " + view.get().nextRun().atZone(services.clock().getZone()).toOffsetDateTime());
        }
        return ExitCode.OK.code();
    }

    private Schedule parse() throws OperationException {
        try {
            LocalTime time = Schedule.parseTime(daily);
            Set<DayOfWeek> on = Schedule.parseDays(days);
            Duration warning = Schedule.parseDuration(warn);
            Role role = Role.parse(target).orElseThrow(() ->
                    new IllegalArgumentException("--target takes current or recovery"));
            Schedule.Missed policy = Schedule.Missed.parse(missed);
            return new Schedule(time, on, warning, role, policy);
        } catch (IllegalArgumentException e) {
            throw new OperationException(OperationException.Kind.USAGE, e.getMessage());
        }
    }
}
