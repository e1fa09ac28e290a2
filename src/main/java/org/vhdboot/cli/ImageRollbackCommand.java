package org.vhdboot.cli;

import org.vhdboot.ops.ImageRollbackOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Abandon the last switch: a pending one loses its one-time boot; a confirmed one returns the"
                + " default to the previous slot and Recovery to its version.")
final class ImageRollbackCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    ConfirmOption confirmation;

    @Option(names = "--dry-run", description = "check everything and print the steps and bcdedit commands")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    ImageRollbackCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImageRollbackOperation.Result result = new ImageRollbackOperation(services.operations(common.bcdeditOption(),
                common.engine)).run(common.load(), new ImageRollbackOperation.Options(confirmation.yes, dryRun));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan(), result.commands());
        } else {
            out.printf("%s switch to %s rolled back: slot %s is the default (%d ms)%n", result.wasConfirmed()
                    ? "confirmed" : "pending", result.version(), result.active().key(), result.durationMillis());
        }
        return ExitCode.OK.code();
    }
}
