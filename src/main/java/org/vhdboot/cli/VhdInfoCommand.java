package org.vhdboot.cli;

import org.vhdboot.disk.ChainReport;
import org.vhdboot.disk.LayerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show an image and its whole chain: type, sizes, ids, creator, block size, parent link.")
final class VhdInfoCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Mixin
    JsonFlag output;

    VhdInfoCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ChainReport report = ChainReport.inspect(services.images(), file, false);
        // Info describes: problems are shown as check shows them, but only a chain that cannot open fails it.
        ExitCode code = report.failure().map(ExitCode::of).orElse(ExitCode.OK);
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, ChainView.of(report, code));
        } else {
            for (LayerInfo layer : report.layers()) {
                printLayer(out, layer);
            }
            report.problems().forEach(p -> out.println("problem: " + p));
            printChain(out, report);
        }
        report.warnings().forEach(services.console()::warn);
        report.failure().ifPresent(e -> services.console().err().println("vhdboot: error: " + FailureMessage.of(e)));
        return code.code();
    }

    static void printLayer(PrintWriter out, LayerInfo layer) {
        out.println(layer.path());
        row(out, "format", layer.format() + " " + layer.type().label());
        row(out, "virtual size", ByteSize.format(layer.virtualSize()) + " (" + layer.virtualSize() + " bytes)");
        row(out, "file size", ByteSize.format(layer.fileSize()) + " (" + layer.fileSize() + " bytes)");
        row(out, "allocated", ByteSize.format(layer.allocatedBytes()) + " (" + layer.allocatedBytes() + " bytes)");
        if (layer.blockSize() > 0) {
            row(out, "block size", ByteSize.format(layer.blockSize()));
        }
        row(out, "sector size", layer.logicalSectorSize() + " logical, " + layer.physicalSectorSize() + " physical");
        if (layer.id() != null) {
            row(out, "id", layer.id());
        }
        if (layer.creator() != null) {
            row(out, "creator", layer.creator());
        }
        for (Map.Entry<String, Object> detail : layer.details().entrySet()) {
            row(out, detail.getKey().replace('_', ' '), String.valueOf(detail.getValue()));
        }
        for (Map.Entry<String, String> link : layer.parentLink().entrySet()) {
            String key = link.getKey().replace('_', ' ');
            row(out, key.startsWith("parent") ? key : "parent " + key, link.getValue());
        }
        out.println();
    }

    static void printChain(PrintWriter out, ChainReport report) {
        StringBuilder chain = new StringBuilder();
        for (LayerInfo layer : report.layers()) {
            if (chain.length() > 0) {
                chain.append(" -> ");
            }
            chain.append(Path.of(layer.path()).getFileName());
        }
        String state = report.failure().map(e -> "BROKEN: " + FailureMessage.of(e))
                .orElse(report.problems().isEmpty() ? "healthy" : report.problems().size() + " problem(s)");
        out.printf("chain: %s (depth %d): %s%n", chain, report.depth(), state);
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("  %-22s %s%n", label + ":", value);
    }
}
