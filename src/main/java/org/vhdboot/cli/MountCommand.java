package org.vhdboot.cli;

import org.vhdboot.ops.MountOperation;
import org.vhdboot.windows.AttachedDisk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "mount", mixinStandardHelpOptions = true,
        description = "Attach an image for servicing (Windows). It stays attached until `vhdboot unmount`."
                + " A parent can only be mounted read-only.")
final class MountCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--read-only", description = "attach read-only (the only way for a parent)")
    boolean readOnly;

    @Option(names = "--letter", paramLabel = "X:", description = "give the image's volume this drive letter")
    String letter;

    MountCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        AttachedDisk disk = new MountOperation(services.operations(Optional.empty(), "java"))
                .mount(file, readOnly, Optional.ofNullable(letter));
        services.console().out().printf("attached %s%s as %s%s%n", file, disk.readOnly() ? " read-only" : "",
                disk.device(), disk.mountPoints().isEmpty() ? "" : " at " + String.join(", ", disk.mountPoints()));
        disk.notes().forEach(services.console()::warn);
        return ExitCode.OK.code();
    }
}
