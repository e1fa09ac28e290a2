package org.vhdboot.cli;

import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.ops.ScheduleOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--pull", paramLabel = "REF", description = "after each nightly reset, the agent in Recovery pulls"
            + " REF (oci://HOST/REPO:TAG or oci-layout:PATH:TAG) and switches to a new version, with confirmation")
    String pull;

    @Option(names = "--no-pull", description = "stop pulling after the nightly reset")
    boolean noPull;

    @Option(names = "--pull-ca-cert", paramLabel = "FILE", description = "for --pull: extra CA certificates (PEM)")
    Path pullCaCertificate;

    @Option(names = "--pull-auth-file", paramLabel = "FILE", description = "for --pull: a Docker config.json with the"
            + " credentials, readable by SYSTEM (no secret is stored in vhdboot.ini)")
    Path pullAuthFile;

    @Option(names = "--pull-insecure", paramLabel = "SCOPE", arity = "0..1", fallbackValue = ScopeWord.LOOPBACK,
            preprocessor = ScopeWord.class,
            description = "for --pull: plain HTTP to a loopback registry, or any-host")
    String pullInsecure;

    @Option(names = "--show", description = "show the stored schedule and the next run")
    boolean show;

    @Mixin
    JsonFlag output;

    ScheduleCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ScheduleOperation operation = new ScheduleOperation(services.operations(common.bcdeditOption(), "java"));
        var layout = common.load();
        Optional<ScheduleOperation.View> view;
        if (pull != null && noPull) {
            throw new OperationException(OperationException.Kind.USAGE, "give --pull REF or --no-pull, not both");
        }
        boolean pullChange = pull != null || noPull;
        if (show) {
            view = operation.show(layout);
        } else {
            if (daily == null && !pullChange) {
                throw new OperationException(OperationException.Kind.USAGE, "give --daily HH:MM, --pull REF, or"
                        + " --show");
            }
            Optional<PullPolicy> policy = pull == null ? Optional.empty() : Optional.of(policy());
            if (policy.isPresent()) {
                operation.checkPull(layout, policy.get());
            }
            view = daily == null ? Optional.empty() : Optional.of(operation.set(layout, parse()));
            if (pullChange) {
                view = Optional.of(operation.setPull(common.load(), policy));
            }
        }
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, view.orElse(null));
        } else if (view.isEmpty()) {
            out.println("no schedule: resets happen only when someone runs `vhdboot reset`");
        } else {
            Schedule schedule = view.get().schedule();
            out.printf("reset %s at %s %s, warning users %s ahead; missed resets: %s%n", schedule.target().key(),
                    schedule.time(), Schedule.formatDays(schedule.days()), Schedule.formatDuration(schedule.warning()),
                    schedule.missed().key());
            out.println("next run: " + view.get().nextRun().atZone(services.clock().getZone()).toOffsetDateTime());
            view.get().pull().ifPresent(policy -> out.println("after each reset: pull " + policy.reference()
                    + " and switch to a new version, with confirmation"));
        }
        return ExitCode.OK.code();
    }

    private PullPolicy policy() throws OperationException, IOException {
        TransportOptions.PlainHttp plain = RegistryOptions.plainHttp(pullInsecure, "--pull-insecure");
        Path caCertificate = absolute(pullCaCertificate);
        Path authFile = absolute(pullAuthFile);
        RegistryOptions.requireReadable(caCertificate, "--pull-ca-cert", authFile, "--pull-auth-file");
        try {
            PullPolicy policy = PullPolicy.of(pull, caCertificate, authFile, plain);
            policy.requireUsable();
            return policy;
        } catch (OciException e) {
            throw new OperationException(OperationException.Kind.USAGE, "--pull: " + e.getMessage());
        }
    }

    /** The agent runs elsewhere (as SYSTEM, from another folder): files are kept as absolute paths. */
    private static Path absolute(Path file) throws OperationException {
        if (file == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            throw new OperationException(OperationException.Kind.USAGE, file + (Files.exists(file) ? ": not a file"
                    : ": no such file"));
        }
        return file.toAbsolutePath().normalize();
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
