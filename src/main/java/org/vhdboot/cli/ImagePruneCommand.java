package org.vhdboot.cli;

import org.vhdboot.ops.ImagePruneOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete the versions and the slot nothing references any more (no slot, no Recovery, no"
                + " snapshot, no pending switch), after listing them.")
final class ImagePruneCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    ConfirmOption confirmation;

    @Option(names = "--dry-run", description = "only list what would be deleted")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    ImagePruneCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImagePruneOperation.Result result = new ImagePruneOperation(services.operations(common.bcdeditOption(),
                common.engine)).run(common.load(), new ImagePruneOperation.Options(confirmation.yes, dryRun));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.slot().isEmpty() && result.versions().isEmpty()) {
            out.println("nothing to prune: every version and slot is referenced");
        } else if (result.dryRun()) {
            DryRunReport.print(out, result.plan(), result.commands());
        } else if (result.files().isEmpty()) {
            // The records went, the files were kept (a warning said why): not "nothing".
            out.println("pruned " + pruned(result) + "; no file deleted");
        } else {
            out.println("pruned " + pruned(result) + ": deleted " + String.join(", ", result.files()) + " ("
                    + ByteSize.format(result.bytesFreed()) + ")");
        }
        return ExitCode.OK.code();
    }

    private static String pruned(ImagePruneOperation.Result result) {
        List<String> records = new ArrayList<>();
        result.slot().ifPresent(slot -> records.add("slot " + slot.key()));
        result.versions().forEach(version -> records.add("version " + version));
        return String.join(", ", records);
    }
}
