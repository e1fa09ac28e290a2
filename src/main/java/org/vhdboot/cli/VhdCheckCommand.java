package org.vhdboot.cli;

import org.vhdboot.disk.ChainReport;
import org.vhdboot.disk.ImageRepair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check the structure of every layer and every link of FILE's chain. Lists each problem and"
                + " exits non-zero when there is one.")
final class VhdCheckCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--repair", description = "replay a VHDX log left by an interrupted write and rewrite damaged"
            + " header copies, in FILE only (never in its parents)")
    boolean repair;

    @Option(names = "--json", description = "print JSON (schema in docs/cli.md)")
    boolean json;

    VhdCheckCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        if (repair) {
            repair();
        }
        ChainReport report = ChainReport.inspect(services.images(), file, true);
        PrintWriter out = services.console().out();
        if (json) {
            JsonOutput.print(out, ChainView.of(report));
        } else {
            report.problems().forEach(p -> out.println("problem: " + p));
            report.warnings().forEach(w -> out.println("warning: " + w));
            report.failure().ifPresent(e -> out.println("problem: " + FailureMessage.of(e)));
            VhdInfoCommand.printChain(out, report);
        }
        return ChainView.exitCode(report).code();
    }

    private void repair() throws Exception {
        ImageRepair.Outcome outcome = new ImageRepair(services.images()).repair(file);
        services.console().info(file + ": " + outcome.summary());
    }
}
