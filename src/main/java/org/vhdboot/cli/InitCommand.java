package org.vhdboot.cli;

import org.vhdboot.ops.InitOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Turn a golden parent into a rollback layout: Current and Recovery children beside it,"
                + " vhdboot.ini, a boot store backup and two boot entries (Current default). Safe to run again.")
final class InitCommand implements Callable<Integer> {
    private final Services services;

    /** No --layout: the layout is always made beside the parent. */
    @Mixin
    ToolOptions common;

    @Option(names = "--parent", required = true, paramLabel = "PARENT", description = "the generalized golden image (.vhdx)")
    Path parent;

    @Option(names = "--name", paramLabel = "NAME", description = "name for children and menu entries (default: the parent's)")
    String name;

    @Option(names = "--template", paramLabel = "uefi|bios|auto|FILE",
            description = "boot-entry recipe from bcd-templates/; auto (default) picks by firmware type")
    String template;

    @Option(names = "--timeout", paramLabel = "N", description = "boot menu timeout in seconds (default 5)")
    Integer timeout;

    @Option(names = "--store", paramLabel = "BCDFILE", description = "edit this offline BCD file (bcdedit /store)")
    String store;

    @Option(names = "--boot-store", paramLabel = "bcdedit|script|none",
            description = "bcdedit (default) edits the boot store; script writes the commands to "
                    + "vhdboot-boot-entries.cmd; none adds no entries")
    String bootStore;

    @Option(names = "--boot-folder", paramLabel = "FOLDER",
            description = "the layout folder as Windows sees it at boot, e.g. C:\\VHD (default on Windows: the folder itself)")
    String bootFolder;

    @Option(names = "--dry-run", description = "print every file action and bcdedit command line; change nothing")
    boolean dryRun;

    @Mixin
    JsonFlag output;

    InitCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        InitOperation.Result result = new InitOperation(services.operations(common.bcdeditOption(), common.engine))
                .run(new InitOperation.Options(parent, Optional.ofNullable(name), Optional.ofNullable(template),
                        Optional.ofNullable(timeout), Optional.ofNullable(store), Optional.ofNullable(bootStore),
                        Optional.ofNullable(bootFolder), dryRun));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
            return ExitCode.OK.code();
        }
        String done = dryRun ? "would " : "";
        result.actions().forEach(a -> out.println(done + a));
        String verb = result.bootStore().changeLabel(dryRun) + ": ";
        result.commands().forEach(c -> out.println(verb + c));
        if (dryRun) {
            out.println("dry run: nothing was changed");
        } else if (result.changedNothing()) {
            out.println("nothing to do: the layout at " + result.ini() + " is complete");
        } else {
            out.println("layout ready: " + result.ini());
        }
        return ExitCode.OK.code();
    }
}
