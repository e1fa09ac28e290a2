package org.vhdboot.cli;

import org.vhdboot.ops.ImageFlattenOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "flatten", mixinStandardHelpOptions = true,
        description = "Write one standalone image with VERSION's content, for a fresh site or when the chain grows"
                + " deep. FILE appears only when complete.")
final class ImageFlattenCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", paramLabel = "VERSION", description = "the version to flatten")
    String version;

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "the new image (.vhdx or .vhd)")
    Path target;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Option(names = "--dry-run", description = "check everything; write nothing")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    ImageFlattenCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImageFlattenOperation.Result result;
        try (ProgressDisplay progress = ProgressDisplay.forConsole(services.console(), quiet || output.json, "flatten")) {
            result = new ImageFlattenOperation(services.operations(common.bcdeditOption(), common.engine))
                    .run(common.load(), new ImageFlattenOperation.Options(version, target, progress, dryRun));
        }
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan());
        } else {
            out.printf("flattened version %s (%s) to %s (%s) in %d ms%n", result.version(), links(result.depth()),
                    result.file(), ByteSize.format(result.fileSize()), result.durationMillis());
        }
        return ExitCode.OK.code();
    }

    private static String links(int depth) {
        return depth + (depth == 1 ? " link" : " links");
    }
}
