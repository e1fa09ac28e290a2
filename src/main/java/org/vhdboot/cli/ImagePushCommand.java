package org.vhdboot.cli;

import org.vhdboot.layout.OperationException;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.ops.ImagePushOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Publish VERSION and every version under it, base first, as one vhdboot image under REF's tag:"
                + " oci://HOST[:PORT]/REPO:TAG or oci-layout:PATH:TAG. Blobs the registry has are not sent again.")
final class ImagePushCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    RegistryOptions registry;

    @Parameters(index = "0", paramLabel = "VERSION", description = "a version of the layout")
    String version;

    @Parameters(index = "1", paramLabel = "REF", description = "where to publish it, with a tag")
    String reference;

    @Option(names = "--compression", paramLabel = "zstd|none", defaultValue = "zstd",
            description = "layer compression: zstd (default) or none")
    String compression;

    @Option(names = "--mount-from", paramLabel = "REPO",
            description = "a repository of the same registry that may hold the blobs: mounted instead of uploaded")
    String mountFrom;

    @Option(names = {"-q", "--quiet"}, description = "no progress")
    boolean quiet;

    @Mixin
    JsonFlag output;

    ImagePushCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImagePushOperation.Result result;
        try (TransferDisplay progress = TransferDisplay.forConsole(services.console(), quiet)) {
            result = new ImagePushOperation(services.operations(common.bcdeditOption(), common.engine))
                    .run(common.load(), new ImagePushOperation.Options(version, reference,
                            registry.access(services.console(), reference), compression(), Optional.ofNullable(mountFrom),
                            progress));
        }
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
            return ExitCode.OK.code();
        }
        long sent = result.layers().stream().filter(l -> l.result().equals("uploaded")).count();
        out.printf("pushed version %s to %s (%s): %d of %d blobs uploaded, %s%n", result.version(), result.reference(),
                result.digest(), sent, result.layers().size(), ByteSize.format(result.bytesUploaded()));
        for (ImagePushOperation.Layer layer : result.layers()) {
            out.printf("  %-20s %-16s %s (%s as sent)%n", layer.version(), layer.result().replace('_', ' '),
                    ByteSize.format(layer.uncompressedSize()), ByteSize.format(layer.blobSize()));
        }
        return ExitCode.OK.code();
    }

    private LayerCompression compression() throws OperationException {
        try {
            return LayerCompression.valueOf(compression.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OperationException(OperationException.Kind.USAGE, "--compression takes zstd or none");
        }
    }
}
