package org.vhdboot.cli;

import org.vhdboot.layout.Layout;
import org.vhdboot.ops.ImagePullOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Bring the versions of the image at REF that this layout lacks, verified, and record each as a"
                + " version. An interrupted pull resumes where it stopped when run again.")
final class ImagePullCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "REF", description = "oci://HOST[:PORT]/REPO:TAG or oci-layout:PATH:TAG")
    String reference;

    @Option(names = {"-q", "--quiet"}, description = "no progress")
    boolean quiet;

    @Mixin
    JsonFlag output;

    ImagePullCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImagePullOperation.Result result;
        Layout layout = common.load();
        try (TransferDisplay progress = TransferDisplay.forConsole(services.console(), quiet)) {
            result = new ImagePullOperation(services.operations(common.bcdeditOption(), common.engine))
                    .run(layout, new ImagePullOperation.Options(reference,
                            registry.access(services.console(), reference),
                            progress));
        }
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
            return ExitCode.OK.code();
        }
        result.recovered().ifPresent(message -> out.println("first " + message));
        out.printf("pulled %s (%s): %s, %s transferred in %.1f s%n", result.reference(), result.digest(),
                result.pulled().isEmpty() ? "nothing new" : result.pulled().size() + " new version"
                        + (result.pulled().size() == 1 ? "" : "s"), ByteSize.format(result.bytesTransferred()),
                result.durationMillis() / 1000.0);
        for (ImagePullOperation.Layer layer : result.layers()) {
            out.printf("  %-20s %-8s %s%s%n", layer.localVersion(), layer.status(), layer.file(),
                    layer.status().equals("pulled") ? "  (" + ByteSize.format(layer.bytesTransferred()) + ")" : "");
        }
        if (result.pulled().isEmpty()) {
            return ExitCode.OK.code();
        }
        if (layout.bootStore().makesEntries()) {
            out.printf("version %s is ready: `vhdboot image switch %s` boots it next%n", result.top(), result.top());
        } else {
            out.printf("version %s is recorded; no switch to it here: %s%n", result.top(),
                    layout.bootStore().describe());
        }
        return ExitCode.OK.code();
    }
}
