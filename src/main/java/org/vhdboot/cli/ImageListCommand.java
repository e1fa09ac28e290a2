package org.vhdboot.cli;

import org.vhdboot.layout.LayoutText;
import org.vhdboot.ops.ImageListOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the version chain, what each slot and Recovery stand on, the bytes each layer stores,"
                + " and what a switch is waiting for. Changes nothing; exit 1 when the records and files disagree.")
final class ImageListCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    JsonFlag output;

    ImageListCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        ImageListOperation.Report report = new ImageListOperation(services.operations(common.bcdeditOption(),
                common.engine)).run(common.load());
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, report);
        } else {
            render(out, report);
        }
        return report.problems().isEmpty() ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }

    private static void render(PrintWriter out, ImageListOperation.Report report) {
        out.printf("versions of %s:%n", report.name());
        for (ImageListOperation.VersionView version : report.versions()) {
            out.printf("  %s%-16s %-28s %s stored%s%s%n", "  ".repeat(version.depth()), version.name(), version.file(),
                    version.storedBytes() == null ? "?" : ByteSize.format(version.storedBytes()),
                    version.usedBy().isEmpty() ? "" : "  <- " + String.join(", ", version.usedBy()),
                    version.note() == null ? "" : "  \"" + LayoutText.oneLine(version.note()) + "\"");
        }
        for (ImageListOperation.SlotView slot : report.slots()) {
            out.printf("slot %s%s: %s on %s%s%n", slot.slot().key(), slot.active() ? " (active)" : "", slot.file(),
                    slot.base(), slot.exists() ? "" : " (MISSING)");
        }
        out.printf("recovery on version %s%n", report.recoveryVersion());
        ImageListOperation.SwitchView last = report.lastSwitch();
        if (last != null) {
            out.printf("switch to %s (slot %s -> %s): %s%s%n", last.version(), last.from().key(), last.to().key(),
                    last.state(), last.waitingFor() != null ? "; waiting for " + last.waitingFor()
                            : last.message() != null ? "; " + last.message() : "");
        }
        report.problems().forEach(p -> out.println("problem: " + p));
    }
}
