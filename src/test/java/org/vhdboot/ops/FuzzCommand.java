package org.vhdboot.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that read the layout files, as the fuzz cases run them: the ones that must change nothing
 * (status and every dry run) and the ones that may change the layout's own files only (reset, agent ticks).
 */
enum FuzzCommand {
    STATUS(true, null, "status"),
    STATUS_JSON(true, null, "status", "--json"),
    RESET_DRY_RUN(true, null, "reset", "--dry-run"),
    RESET_RECOVERY_DRY_RUN(true, null, "reset", "recovery", "--dry-run", "--keep-old"),
    INIT_DRY_RUN(true, null, "init", "--dry-run", "--boot-store", "none"),
    RESET(false, null, "reset", "--yes"),
    RESET_KEEP_OLD(false, null, "reset", "--yes", "--keep-old"),
    TICK_IN_RECOVERY(false, "recovery", "agent", "tick"),
    TICK_IN_CURRENT(false, "current", "agent", "tick"),
    TICK_AT_BOOT_IN_CURRENT(false, "current", "agent", "tick", "--boot");

    /** Changes no file at all. */
    final boolean readOnly;
    /** The child the fake platform says the system runs from, or null. */
    final String runningFrom;
    private final String[] words;

    FuzzCommand(boolean readOnly, String runningFrom, String... words) {
        this.readOnly = readOnly;
        this.runningFrom = runningFrom;
        this.words = words;
    }

    /** Status is the one command whose exit 1 means "problems found" rather than an internal error. */
    boolean reportsProblems() {
        return this == STATUS || this == STATUS_JSON;
    }

    String[] arguments(Path layout, Path parent) {
        List<String> args = new ArrayList<>(List.of(words));
        if (this == INIT_DRY_RUN) {
            args.addAll(List.of("--parent", parent.toString()));
        } else {
            args.addAll(List.of("--layout", layout.toString()));
        }
        return args.toArray(String[]::new);
    }
}
