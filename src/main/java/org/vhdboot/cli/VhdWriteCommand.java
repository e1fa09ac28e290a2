package org.vhdboot.cli;

import org.vhdboot.disk.Chain;
import org.vhdboot.ops.OperationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "write", mixinStandardHelpOptions = true,
        description = "Write the bytes of DATA into FILE's virtual disk at byte offset N, any alignment, like qemu-io."
                + " For tests and scripts.")
final class VhdWriteCommand implements Callable<Integer> {
    private static final int CHUNK = 4 << 20;
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
        boolean stdin = input.equals("-");
        // Standard input is read whole first, so a write that does not fit is refused before anything changes.
        byte[] piped = stdin ? System.in.readAllBytes() : null;
        long length = stdin ? piped.length : Files.size(Path.of(input));
        try (Chain chain = services.images().open(file, true)) {
            if (offset + length > chain.size()) {
                throw new OperationException(OperationException.Kind.USAGE, "writing " + length + " bytes at offset "
                        + offset + " would pass the end of the " + chain.size() + "-byte virtual disk");
            }
            if (stdin) {
                chain.write(offset, ByteBuffer.wrap(piped));
            } else {
                copy(chain, Files.newInputStream(Path.of(input)));
            }
            chain.flush();
        }
        services.console().out().printf("wrote %d bytes at offset %d%n", length, offset);
        return ExitCode.OK.code();
    }

    private void copy(Chain chain, InputStream in) throws IOException {
        try (in) {
            byte[] buffer = new byte[CHUNK];
            long at = offset;
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                chain.write(at, ByteBuffer.wrap(buffer, 0, n));
                at += n;
            }
        }
    }
}
