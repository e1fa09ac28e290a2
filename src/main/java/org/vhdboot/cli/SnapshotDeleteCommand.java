package org.vhdboot.cli;

import org.vhdboot.ops.SnapshotDeleteOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove snapshot NAME from the tree; nothing else reads differently. What stands on it takes the"
                + " sectors it does not store itself and is relinked to NAME's parent, then NAME is deleted. Refuses"
                + " to merge into a running Current. Journalled: killed, the next command finishes it.")
final class SnapshotDeleteCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    ConfirmOption confirmation;

    @Option(names = "--dry-run", description = "check everything and print the steps; change nothing")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Mixin
    JsonFlag output;

    SnapshotDeleteCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        SnapshotDeleteOperation.Result result;
        try (ProgressDisplay progress = ProgressDisplay.forConsole(services.console(), quiet || output.json, "merge")) {
            result = new SnapshotDeleteOperation(services.operations(common.bcdeditOption(), common.engine))
                    .run(common.load(), new SnapshotDeleteOperation.Options(name, confirmation.yes, dryRun, progress));
        }
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan());
        } else if (result.finishedInterrupted()) {
            out.printf("deleted snapshot %s (%s): %s (%d ms)%n", result.snapshot(), result.file(),
                    result.recovered().get(), result.durationMillis());
        } else {
            out.printf("deleted snapshot %s (%s): %s merged into %s (%d ms)%n", result.snapshot(), result.file(),
                    ByteSize.format(result.bytesMerged()), result.children().isEmpty() ? "nothing"
                            : String.join(", ", result.children()), result.durationMillis());
        }
        return ExitCode.OK.code();
    }
}
