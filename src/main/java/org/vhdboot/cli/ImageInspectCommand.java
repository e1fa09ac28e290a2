package org.vhdboot.cli;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.ops.ImageInspectOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show the image at REF (its versions and sizes) and, with a layout (--layout, or one in the"
                + " current folder), what a pull would bring into it. Changes nothing.")
final class ImageInspectCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    RegistryOptions registry;

    @Option(names = "--layout", paramLabel = "DIR|INI",
            description = "the layout to compare with (default: the current folder's, when it has one)")
    Path layout;

    @Parameters(index = "0", paramLabel = "REF", description = "oci://HOST[:PORT]/REPO:TAG or oci-layout:PATH:TAG")
    String reference;

    @Mixin
    JsonFlag output;

    ImageInspectCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        Path ini = LayoutFile.locate(layout);
        Optional<Layout> compared = layout != null || Files.isRegularFile(ini) ? Optional.of(LayoutFile.load(ini))
                : Optional.empty();
        ImageInspectOperation.Report report = new ImageInspectOperation(services.operations(Optional.empty(), "java"))
                .run(reference, registry.access(services.console(), reference), compared);
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, report);
            return ExitCode.OK.code();
        }
        out.printf("%s  %s  created %s%n", report.reference(), report.digest(), report.created());
        for (ImageInspectOperation.Version version : report.versions()) {
            String here = version.status() == null ? "" : version.status().equals("present")
                    ? "  present here as " + version.localVersion() : "  to pull";
            out.printf("  %-20s %s (%s as sent), %s, link %s%s%s%n", version.name(),
                    ByteSize.format(version.uncompressedSize()), ByteSize.format(version.blobSize()), version.format(),
                    version.linkId(), here, version.note().isEmpty() ? "" : "  \"" + LayoutText.oneLine(version.note()) + "\"");
        }
        if (report.refused() != null) {
            out.println("a pull into " + report.layout() + " would be refused: " + report.refused());
        } else if (report.bytesToPull() != null) {
            out.println("a pull into " + report.layout() + " would transfer " + ByteSize.format(report.bytesToPull()));
        }
        return ExitCode.OK.code();
    }
}
