package org.vhdboot.cli;

import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.ImageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an empty image. The extension picks the format: .vhdx, .vhd, or .raw/.img/.bin.")
final class VhdCreateCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "FILE", description = "the image to create; it must not exist")
    Path file;

    @Option(names = "--size", required = true, paramLabel = "SIZE", converter = ByteSize.class,
            description = "virtual disk size, with K, M, G or T suffix, e.g. 127G")
    long size;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "dynamic",
            description = "dynamic (default) or fixed")
    CreateType type;

    @Option(names = "--block-size", paramLabel = "SIZE", converter = ByteSize.class,
            description = "block size: VHD 512K or 2M (default 2M); VHDX 1M to 256M (default 32M)")
    long blockSize;

    @Option(names = "--logical-sector-size", paramLabel = "BYTES", defaultValue = "512",
            description = "512 (default) or 4096 (VHDX only)")
    int logicalSectorSize;

    @Option(names = "--physical-sector-size", paramLabel = "BYTES", defaultValue = "4096",
            description = "512 or 4096 (default); recorded in VHDX only")
    int physicalSectorSize;

    VhdCreateCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        DiskFormat format = DiskFormat.fromPath(file);
        ImageSpec spec = new ImageSpec(type.diskType(), size, blockSize, logicalSectorSize, physicalSectorSize);
        // An impossible request gets its one error line, not advice first.
        spec.validate(format);
        spec.warnings().forEach(services.console()::warn);
        services.images().create(file, spec);
        services.console().out().printf("created %s: %s %s, %s%n", file, type, format, ByteSize.format(size));
        return ExitCode.OK.code();
    }
}
