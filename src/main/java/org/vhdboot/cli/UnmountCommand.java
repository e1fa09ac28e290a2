package org.vhdboot.cli;

import org.vhdboot.ops.MountOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "unmount", mixinStandardHelpOptions = true, description = "Detach an image attached with `vhdboot mount`.")
final class UnmountCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "FILE")
    Path file;

    UnmountCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        new MountOperation(services.operations(Optional.empty(), "java")).unmount(file);
        services.console().out().println("detached " + file);
        return ExitCode.OK.code();
    }
}
