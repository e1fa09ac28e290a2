package org.vhdboot.cli;

import org.vhdboot.ops.ImageConfirmOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = "Make the pending switch permanent: the new slot becomes the default and Recovery moves onto"
                + " the new version. Runs in the new slot; the agent does it by itself after a healthy start.")
final class ImageConfirmCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Option(names = "--dry-run", description = "check everything and print the steps and bcdedit commands")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    ImageConfirmCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImageConfirmOperation.Result result = new ImageConfirmOperation(services.operations(common.bcdeditOption(),
                common.engine)).run(common.load(), new ImageConfirmOperation.Options(dryRun));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan(), result.commands());
        } else if (result.alreadyConfirmed()) {
            out.printf("the switch to %s is confirmed already; slot %s is the default%n", result.version(),
                    result.active().key());
        } else {
            out.printf("switch to %s confirmed: slot %s is the default, slot %s is kept as the fallback (%d ms)%n",
                    result.version(), result.active().key(), result.previous().key(), result.durationMillis());
        }
        return ExitCode.OK.code();
    }
}
