package org.vhdboot.cli;

import org.vhdboot.ops.ImageCommitOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Freeze Current as a new read-only version on top of Current's version; a fresh Current stands"
                + " on it. Run from Recovery, WinPE or Linux, never while Current is running.")
final class ImageCommitCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", paramLabel = "VERSION", description = "the new version's name, e.g. 2026-12")
    String version;

    @Option(names = "--note", paramLabel = "TEXT", description = "what the version holds, e.g. \"monthly updates\"")
    String note;

    @Option(names = "--dry-run", description = "check everything and print the steps; change nothing")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "no progress")
    boolean quiet;

    @Mixin
    JsonFlag output;

    ImageCommitCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImageCommitOperation.Result result;
        try (TransferDisplay progress = TransferDisplay.forConsole(services.console(), quiet)) {
            result = new ImageCommitOperation(services.operations(common.bcdeditOption(), common.engine))
                    .run(common.load(), new ImageCommitOperation.Options(version, Optional.ofNullable(note), dryRun,
                            progress));
        }
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan());
        } else {
            out.printf("committed version %s (%s, %s stored) on %s%s; Current is a fresh child of it (%d ms)%n",
                    result.version(), result.file(), ByteSize.format(result.storedBytes()), result.parent(),
                    result.exported() ? " as a new layer" : "", result.durationMillis());
        }
        return ExitCode.OK.code();
    }
}
