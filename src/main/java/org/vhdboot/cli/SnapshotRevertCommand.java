package org.vhdboot.cli;

import org.vhdboot.layout.Role;
import org.vhdboot.ops.ResetOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "revert", mixinStandardHelpOptions = true,
        description = "Make Current a fresh, empty child of snapshot NAME, which becomes the base reset returns to."
                + " Current's changes since its base are discarded (asks first), or kept as a snapshot with"
                + " --keep-old. Atomic, like reset.")
final class SnapshotRevertCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    ConfirmOption confirmation;

    @Option(names = "--keep-old", description = "keep the old Current as snapshot auto-YYYYMMDD-HHMMSS")
    boolean keepOld;

    @Option(names = "--dry-run", description = "check everything and print the steps; change nothing")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    SnapshotRevertCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ResetOperation.Result result = new ResetOperation(services.operations(common.bcdeditOption(), common.engine))
                .run(common.load(), new ResetOperation.Options(Role.CURRENT, confirmation.yes, dryRun, keepOld, false, false,
                        Optional.of(name)));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan());
        } else {
            out.printf("reverted to %s: %s is a fresh child of it (%d ms)%n", result.base(),
                    result.child().getFileName(), result.durationMillis());
            result.keptAs().ifPresent(k -> out.println("kept the old Current as snapshot " + k));
        }
        return ExitCode.OK.code();
    }
}
