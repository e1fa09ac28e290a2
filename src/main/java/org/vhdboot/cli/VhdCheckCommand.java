package org.vhdboot.cli;

import org.vhdboot.disk.ChainReport;
import org.vhdboot.disk.ImageRepair;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.ops.LayoutChainCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check the structure of every layer and every link of FILE's chain. Lists each problem and"
                + " exits non-zero when there is one.")
final class VhdCheckCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--repair", description = "replay a VHDX log left by an interrupted write and rewrite damaged"
            + " VHDX header copies, or a damaged VHD footer from its copy, in FILE only (never in its parents)")
    boolean repair;

    @Mixin
    JsonFlag output;

    VhdCheckCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        if (repair) {
            repair();
        }
        ChainReport report = ChainReport.inspect(services.images(), file, true);
        List<String> layout = layoutProblems();
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, ChainView.of(report, layout));
        } else {
            report.problems().forEach(p -> out.println("problem: " + p));
            layout.forEach(p -> out.println("problem: " + p));
            report.warnings().forEach(w -> out.println("warning: " + w));
            report.failure().ifPresent(e -> out.println("problem: " + FailureMessage.of(e)));
            VhdInfoCommand.printChain(out, report);
        }
        // The chain's failure is the command's error too, said on stderr as vhd info says it.
        report.failure().ifPresent(e -> services.console().err().println("vhdboot: error: " + FailureMessage.of(e)));
        ExitCode code = ChainView.exitCode(report);
        return code == ExitCode.OK && !layout.isEmpty() ? ExitCode.PROBLEMS.code() : code.code();
    }

    /**
     * When FILE is a layout's Current: where its chain and the one vhdboot.ini records disagree. A layout that
     * cannot be read is a warning here, since the image is what is checked.
     */
    private List<String> layoutProblems() throws Exception {
        try {
            return new LayoutChainCheck(services.operations(Optional.empty(), "java")).ofCurrent(file)
                    .orElse(List.of());
        } catch (LayoutException e) {
            services.console().warn("the layout beside " + file.getFileName() + " is not checked: " + e.getMessage());
            return List.of();
        }
    }

    private void repair() throws Exception {
        ImageRepair.Outcome outcome = new ImageRepair(services.images()).repair(file);
        services.console().info(file + ": " + outcome.summary());
    }
}
