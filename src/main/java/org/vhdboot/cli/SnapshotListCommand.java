package org.vhdboot.cli;

import org.vhdboot.layout.LayoutText;
import org.vhdboot.ops.SnapshotListOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the tree from the parent through every snapshot to Current: name, note, time, bytes stored,"
                + " depth; where Current stands and what reset returns it to. Exit 1 when the ini and the images'"
                + " own links disagree.")
final class SnapshotListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    JsonFlag output;

    SnapshotListCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        SnapshotListOperation.Report report = new SnapshotListOperation(
                services.operations(common.bcdeditOption(), common.engine)).run(common.load());
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, report);
        } else {
            render(out, report, services.clock().getZone());
        }
        return report.problems().isEmpty() ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }

    private static void render(PrintWriter out, SnapshotListOperation.Report report, ZoneId zone) {
        for (SnapshotListOperation.Entry entry : report.images()) {
            String indent = "  ".repeat(entry.depth());
            List<String> facts = new ArrayList<>();
            boolean slot = entry.kind().equals("current") || entry.kind().equals("inactive_slot");
            facts.add(slot ? entry.file() : entry.kind() + ", " + entry.file());
            facts.add(entry.exists() ? entry.storedBytes() == null ? "unreadable"
                    : ByteSize.format(entry.storedBytes()) + " stored" : "MISSING");
            facts.add("depth " + entry.depth());
            if (entry.created() != null) {
                facts.add(TIME.format(entry.created().atZone(zone)));
            }
            String label = entry.kind().equals("current") ? "* Current"
                    : entry.kind().equals("inactive_slot") ? entry.name() + " (inactive)" : entry.name();
            out.printf("%s%s  (%s)%s%s%n", indent, label, String.join(", ", facts),
                    entry.note() == null || entry.note().isBlank() ? "" : "  \"" + LayoutText.oneLine(entry.note()) + "\"",
                    entry.base() ? "  <- base: reset returns Current here" : "");
        }
        out.printf("Current is %d link%s deep (max_depth %d)%n", report.currentDepth(),
                report.currentDepth() == 1 ? "" : "s", report.maxDepth());
        report.warnings().forEach(w -> out.println("warning: " + w));
        report.problems().forEach(p -> out.println("problem: " + p));
    }
}
