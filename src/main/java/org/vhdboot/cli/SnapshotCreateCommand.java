package org.vhdboot.cli;

import org.vhdboot.ops.SnapshotCreateOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Freeze Current's present state as snapshot NAME: Current's file becomes the read-only snapshot"
                + " and a fresh, empty Current stands on it, under the same path. As fast as a reset. Refuses while"
                + " Current runs; --at-restart leaves it to Recovery at the next restart.")
final class SnapshotCreateCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", paramLabel = "NAME", description = "letters, digits, dots, dashes, underscores; up to 64")
    String name;

    @Option(names = "--note", paramLabel = "TEXT", description = "a note shown by snapshot list")
    String note;

    @Option(names = "--at-restart", description = "in the running Current: take it at the next restart, in Recovery"
            + " (needs the agent in the image)")
    boolean atRestart;

    @Option(names = "--dry-run", description = "check everything and print the steps; change nothing")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    SnapshotCreateCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        SnapshotCreateOperation.Result result = new SnapshotCreateOperation(
                services.operations(common.bcdeditOption(), common.engine))
                .run(common.load(), new SnapshotCreateOperation.Options(name, note == null ? "" : note, atRestart,
                        dryRun));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan());
        } else if (result.atRestart()) {
            out.printf("snapshot %s is taken at the next restart: Recovery freezes Current, then restarts into it%n",
                    result.snapshot());
        } else {
            out.printf("snapshot %s: %s (on %s); Current is a fresh child of it, %d links deep (%d ms)%n",
                    result.snapshot(), result.file(), result.parent(), result.depth(), result.durationMillis());
        }
        return ExitCode.OK.code();
    }
}
