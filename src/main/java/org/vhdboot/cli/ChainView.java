package org.vhdboot.cli;

import org.vhdboot.disk.ChainReport;
import org.vhdboot.disk.LayerInfo;

import java.util.List;

/** The JSON shape of {@code vhd info} and {@code vhd check}; documented in docs/cli.md. */
record ChainView(String file, boolean healthy, int depth, String error, int exitCode, List<String> warnings,
                 List<String> problems, List<LayerInfo> layers) {

    /** The view of {@code vhd check}, whose exit code is {@link #exitCode}. */
    static ChainView of(ChainReport report) {
        return of(report, exitCode(report));
    }

    /** The view with the exit code the command returns. */
    static ChainView of(ChainReport report, ExitCode code) {
        return new ChainView(report.file().toString(), report.healthy(), report.depth(),
                report.failure().map(FailureMessage::of).orElse(null), code.code(),
                report.warnings(), report.problems(), report.layers());
    }

    /** The failure's code when the chain could not be opened, else PROBLEMS when a check found any. */
    static ExitCode exitCode(ChainReport report) {
        return report.failure().map(ExitCode::of)
                .orElse(report.problems().isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS);
    }
}
