package org.vhdboot.cli;

import org.vhdboot.disk.ChainReport;
import org.vhdboot.disk.LayerInfo;

import java.util.List;

/** The JSON shape of {@code vhd info} and {@code vhd check}; documented in docs/cli.md. */
record ChainView(String file, boolean healthy, int depth, String error, int exitCode, List<String> warnings,
                 List<String> problems, List<LayerInfo> layers, List<String> layoutProblems) {

    /**
     * The view of {@code vhd check}, whose exit code is {@link #exitCode}, or PROBLEMS when {@code layoutProblems}
     * (for a layout's Current: where its chain and vhdboot.ini disagree) has any.
     */
    static ChainView of(ChainReport report, List<String> layoutProblems) {
        int code = exitCode(report).code();
        return new ChainView(report.file().toString(), report.healthy() && layoutProblems.isEmpty(), report.depth(),
                report.failure().map(FailureMessage::of).orElse(null), code == 0 && !layoutProblems.isEmpty()
                ? ExitCode.PROBLEMS.code() : code, report.warnings(), report.problems(), report.layers(),
                List.copyOf(layoutProblems));
    }

    /** The view with the exit code the command returns ({@code vhd info}, which checks no layout). */
    static ChainView of(ChainReport report, ExitCode code) {
        return new ChainView(report.file().toString(), report.healthy(), report.depth(),
                report.failure().map(FailureMessage::of).orElse(null), code.code(),
                report.warnings(), report.problems(), report.layers(), List.of());
    }

    /** The failure's code when the chain could not be opened, else PROBLEMS when a check found any. */
    static ExitCode exitCode(ChainReport report) {
        return report.failure().map(ExitCode::of)
                .orElse(report.problems().isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS);
    }
}
