package org.vhdboot.cli;

import org.vhdboot.ops.BootStores;
import org.vhdboot.ops.RemoveOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove vhdboot's boot entries and, with --delete-children, the two children. Never deletes the parent.")
final class RemoveCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Option(names = "--delete-children", description = "also delete the Current and Recovery files and vhdboot.ini")
    boolean deleteChildren;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @Mixin
    JsonFlag output;

    RemoveCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        RemoveOperation.Result result = new RemoveOperation(services.operations(common.bcdeditOption(), common.engine))
                .run(common.load(), new RemoveOperation.Options(deleteChildren, yes));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
            return ExitCode.OK.code();
        }
        String verb = result.bootStore().changeLabel(false)
                + (result.bootStore().writesScript() ? " (" + BootStores.REMOVAL_SCRIPT_FILE + ")" : "") + ": ";
        result.commands().forEach(c -> out.println(verb + c));
        result.deleted().forEach(f -> out.println("deleted " + f));
        String entries = result.commands().isEmpty() ? "no boot entries to remove" : "removed vhdboot's boot entries";
        out.println(entries + (deleteChildren ? "; deleted the children" : "") + "; the parent stays");
        return ExitCode.OK.code();
    }
}
