package org.vhdboot.cli;

import org.vhdboot.ops.ImageAddOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

// Not mixinStandardHelpOptions: this command's --version names the version (issue 14's syntax), and picocli then
// drops the whole standard mixin, --help with it.
@Command(name = "add",
        description = "Make a differencing layer made elsewhere a version of this layout. Its parent must be one of"
                + " the layout's versions (checked by identity); it is checked, copied, made read-only and recorded.")
final class ImageAddCommand implements Callable<Integer> {
    private final Services services;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", paramLabel = "LAYER_FILE", description = "the layer; LAYER_FILE.sha256 beside it is checked")
    Path layer;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "the version's name (default: the file name after -v-, else its name without extension)")
    String version;

    @Option(names = "--dry-run", description = "check everything and print the steps; change nothing")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "no progress")
    boolean quiet;

    @Mixin
    JsonFlag output;

    ImageAddCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImageAddOperation.Result result;
        try (TransferDisplay progress = TransferDisplay.forConsole(services.console(), quiet)) {
            result = new ImageAddOperation(services.operations(common.bcdeditOption(), common.engine))
                    .run(common.load(), new ImageAddOperation.Options(layer, Optional.ofNullable(version), dryRun,
                            progress));
        }
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan());
        } else {
            out.printf("added version %s (%s) on %s: %s copied for a %s disk%s (%d ms)%n", result.version(),
                    result.file(), result.parent(), ByteSize.format(result.bytesCopied()),
                    ByteSize.format(result.virtualSize()), result.sha256Checked() ? ", SHA-256 checked" : "",
                    result.durationMillis());
        }
        return ExitCode.OK.code();
    }
}
