package org.vhdboot.cli;

import org.vhdboot.ops.StatusOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the layout: files and chain health, snapshots and Current's base, boot entries, which"
                + " system is running, the last reset, a pending reset, the last image switch, and warnings. Exit 0"
                + " when healthy, 1 when there are problems.")
final class StatusCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    JsonFlag output;

    StatusCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        StatusOperation.Report report = new StatusOperation(services.operations(common.bcdeditOption(), common.engine))
                .run(common.load());
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, report);
        } else {
            render(out, report);
        }
        return report.healthy() ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }

    private static void render(PrintWriter out, StatusOperation.Report report) {
        out.printf("layout %s (%s)%n", report.name(), report.layout());
        out.printf("running from: %s%n", report.runningFrom());
        StatusOperation.HostStatus host = report.host();
        out.printf("host: %s, %s, firmware %s%s%s%n", host.platform(), host.elevated() ? "elevated" : "NOT elevated",
                host.firmware().toLowerCase(java.util.Locale.ROOT),
                host.freeBytes() == null ? "" : ", " + ByteSize.format(host.freeBytes()) + " free",
                host.hibernationEnabled() ? ", hibernation ON" : "");
        report.files().forEach(file -> renderFile(out, file));
        out.printf("base: %s (reset returns Current there), Current %d link(s) deep%s%n", report.base(),
                report.currentDepth(), report.snapshots().isEmpty() ? ""
                        : ", snapshots: " + String.join(", ", report.snapshots()));
        if (report.pendingSnapshot() != null) {
            out.printf("snapshot %s is taken at the next restart, in Recovery%n", report.pendingSnapshot());
        }
        StatusOperation.BootStatus boot = report.boot();
        out.printf("boot store: %s%s%n", boot.store(), boot.readable() ? ""
                : boot.error() != null ? " (not readable: " + boot.error() + ")" : " (not readable)");
        for (StatusOperation.EntryStatus entry : boot.entries()) {
            out.printf("  %-9s %s %s%s  %s%n", entry.role(), entry.id(), entry.present() ? "present" : "MISSING",
                    entry.isDefault() ? ", default" : "", entry.description() == null ? "" : entry.description());
        }
        if (boot.timeout() != null) {
            out.printf("  timeout %d s%n", boot.timeout());
        }
        renderLastRuns(out, report);
        out.println("engine: " + report.engine() + (report.engineFallback() == null ? "" : " (" + report.engineFallback() + ")"));
        report.warnings().forEach(w -> out.println("warning: " + w));
        report.problems().forEach(p -> out.println("problem: " + p));
        out.println(report.healthy() ? "healthy" : report.problems().size() + " problem(s)");
    }

    /** The last nightly reset, and the scheduled pull and its last outcome when there is one. */
    private static void renderLastRuns(PrintWriter out, StatusOperation.Report report) {
        if (report.lastReset() != null) {
            out.printf("last reset: %s %s at %s (%d ms)%s%n", report.lastReset().target().key(),
                    report.lastReset().succeeded() ? "ok" : "FAILED", report.lastReset().finished(),
                    report.lastReset().durationMillis(),
                    report.lastReset().succeeded() ? "" : ": " + report.lastReset().message());
        } else {
            out.println("last reset: never");
        }
        if (report.pullFrom() != null || report.lastPull() != null) {
            out.printf("scheduled pull: %s; last: %s%n", report.pullFrom() == null ? "none" : report.pullFrom(),
                    report.lastPull() == null ? "never" : (report.lastPull().succeeded() ? "ok" : "FAILED") + " at "
                    + report.lastPull().finished() + ": " + report.lastPull().message());
        }
        if (report.lastSwitch() != null) {
            out.printf("active slot %s; switch to %s (slot %s -> %s): %s%s%n", report.activeSlot().key(),
                    report.lastSwitch().version(), report.lastSwitch().from().key(), report.lastSwitch().to().key(),
                    report.lastSwitch().state(), report.lastSwitch().waitingFor() != null ? "; waiting for "
                            + report.lastSwitch().waitingFor() : report.lastSwitch().message() != null ? "; "
                            + report.lastSwitch().message() : "");
        }
    }

    private static void renderFile(PrintWriter out, StatusOperation.FileStatus file) {
        List<String> facts = new ArrayList<>();
        if (!file.exists()) {
            facts.add("MISSING");
        } else {
            // No sizes when the file exists but cannot be read (truncated, not an image).
            if (file.virtualSize() != null) {
                facts.add(String.format("%s virtual, %s file, %s own data", ByteSize.format(file.virtualSize()),
                        ByteSize.format(file.fileSize()), ByteSize.format(file.allocatedBytes())));
            }
            if (file.readOnly()) {
                facts.add("read-only");
            }
            if (file.inUse()) {
                facts.add("in use");
            }
            facts.add(file.healthy() ? "healthy" : "BROKEN: " + file.error());
        }
        out.printf("  %-9s %-28s %s%n", file.role(), file.file(), String.join(", ", facts));
    }
}
