package org.vhdboot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Create an empty differencing child of PARENT, like diskpart's `create vdisk parent=`."
                + " The parent is only read, never written.")
final class VhdDiffCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "CHILD", description = "the child to create, same format as the parent")
    Path child;

    @Option(names = "--parent", required = true, paramLabel = "PARENT", description = "the parent image")
    Path parent;

    VhdDiffCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        services.images().createChild(child, parent);
        services.console().out().printf("created %s: differencing child of %s%n", child, parent);
        return ExitCode.OK.code();
    }
}
