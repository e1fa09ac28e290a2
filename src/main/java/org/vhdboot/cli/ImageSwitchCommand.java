package org.vhdboot.cli;

import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Schedule;
import org.vhdboot.ops.ImageSwitchOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "switch", mixinStandardHelpOptions = true,
        description = "Prepare the other slot on VERSION with its boot entry and boot it once. The default stays on"
                + " the old slot until the switch is confirmed; a start that never confirms falls back by itself.")
final class ImageSwitchCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", paramLabel = "VERSION", description = "the version to try")
    String version;

    @Option(names = "--confirm-within", paramLabel = "DURATION",
            description = "give the switch up unless the new slot starts within this time, e.g. 30m, 2h")
    String confirmWithin;

    @Option(names = "--reboot", description = "restart into the new slot when prepared")
    boolean reboot;

    @Option(names = {"-y", "--yes"}, description = "replace the slot kept from the last switch without asking")
    boolean yes;

    @Option(names = "--dry-run", description = "check everything and print the steps and bcdedit commands")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    ImageSwitchCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        Optional<Duration> within;
        try {
            within = Optional.ofNullable(confirmWithin).map(Schedule::parseDuration);
        } catch (IllegalArgumentException e) {
            throw new OperationException(OperationException.Kind.USAGE, "--confirm-within: " + e.getMessage());
        }
        ImageSwitchOperation.Result result = new ImageSwitchOperation(services.operations(common.bcdeditOption(),
                common.engine)).run(common.load(), new ImageSwitchOperation.Options(version, within, reboot, yes,
                dryRun));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan(), result.commands());
        } else {
            out.printf("switch to %s: slot %s (%s) prepared, entry %s, one-time boot set; slot %s stays the default"
                    + " until the switch is confirmed%s (%d ms)%n", result.version(), result.to().key(),
                    result.slotFile(), result.entry(), result.from().key(), result.confirmBy() == null ? ""
                            : "; given up unless started by " + result.confirmBy(), result.durationMillis());
        }
        return ExitCode.OK.code();
    }
}
