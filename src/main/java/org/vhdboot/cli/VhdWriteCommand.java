package org.vhdboot.cli;

import org.vhdboot.disk.ImageWriter;
import org.vhdboot.layout.OperationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "write", mixinStandardHelpOptions = true,
        description = "Write the bytes of DATA into FILE's virtual disk at byte offset N, any alignment, like qemu-io."
                + " For tests and scripts.")
final class VhdWriteCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--offset", required = true, paramLabel = "N", converter = ByteSize.class,
            description = "byte offset in the virtual disk (K, M, G, T suffixes allowed)")
    long offset;

    @Option(names = "--input", required = true, paramLabel = "DATA", description = "file to write, or - for stdin")
    String input;

    VhdWriteCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImageWriter writer = new ImageWriter(services.images());
        long length;
        if (input.equals("-")) {
            // Standard input is read whole first, so a write that does not fit is refused before anything changes.
            byte[] piped = System.in.readAllBytes();
            length = piped.length;
            writer.write(file, offset, new ByteArrayInputStream(piped), length);
        } else {
            Path data = Path.of(input);
            if (!Files.isRegularFile(data)) {
                throw new OperationException(OperationException.Kind.USAGE, "--input " + input
                        + (Files.isDirectory(data) ? " is a folder" : ": no such file") + "; give a file, or - for stdin");
            }
            length = Files.size(data);
            try (InputStream in = Files.newInputStream(data)) {
                writer.write(file, offset, in, length);
            }
        }
        services.console().out().printf("wrote %d bytes at offset %d%n", length, offset);
        return ExitCode.OK.code();
    }
}
