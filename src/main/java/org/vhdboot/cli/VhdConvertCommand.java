package org.vhdboot.cli;

import org.vhdboot.disk.ImageConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Copy SRC's virtual disk into a new image DST: raw, VHD and VHDX in any direction; a chain"
                + " becomes one flat image. Zero blocks stay unallocated. DST appears only when complete.")
final class VhdConvertCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(index = "0", paramLabel = "SRC")
    Path source;

    @Parameters(index = "1", paramLabel = "DST")
    Path target;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "dynamic",
            description = "dynamic (default) or fixed, for VHD and VHDX targets")
    CreateType type;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    VhdConvertCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        try (ProgressDisplay progress = ProgressDisplay.forConsole(services.console(), quiet, "convert")) {
            new ImageConverter(services.images()).convert(source, target, type.diskType(), progress);
        }
        services.console().out().printf("converted %s to %s%n", source, target);
        return ExitCode.OK.code();
    }
}
