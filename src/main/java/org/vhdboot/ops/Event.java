package org.vhdboot.ops;

import org.vhdboot.windows.EventSeverity;

/**
 * What an operation records in {@code vhdboot.log} and, on Windows, in the Application event log under the
 * source {@code vhdboot}. The ids are stable: monitoring keys on them (docs/cli.md lists them). Each renders as
 * {@code OPERATION OUTCOME} ({@code reset ok}, {@code transfer failed}), words no other event uses.
 */
public enum Event {
    RESET_DONE(1000, "reset", "ok", EventSeverity.INFORMATION),
    RESET_FAILED(1001, "reset", "failed", EventSeverity.ERROR),
    RESET_SKIPPED(1002, "reset", "skipped", EventSeverity.WARNING),
    SCHEDULE_CHANGED(1003, "schedule", "ok", EventSeverity.INFORMATION),
    RESET_DUE(1004, "agent", "due", EventSeverity.INFORMATION),
    USERS_WARNED(1005, "agent", "warned", EventSeverity.INFORMATION),
    MISSED_SCHEDULE(1006, "agent", "missed", EventSeverity.WARNING),
    RESET_RECOVERED(1007, "recover", "ok", EventSeverity.WARNING),
    LAYOUT_REFUSED(1008, "agent", "refused", EventSeverity.ERROR),
    INIT_DONE(1010, "init", "ok", EventSeverity.INFORMATION),
    REMOVE_DONE(1011, "remove", "ok", EventSeverity.INFORMATION),
    SNAPSHOT_DONE(1012, "snapshot", "ok", EventSeverity.INFORMATION),
    SNAPSHOT_FAILED(1013, "snapshot", "failed", EventSeverity.ERROR),
    SNAPSHOT_REQUESTED(1014, "snapshot", "requested", EventSeverity.INFORMATION),
    SNAPSHOT_DELETED(1015, "snapshot", "deleted", EventSeverity.INFORMATION),
    SNAPSHOT_REVERTED(1016, "snapshot", "reverted", EventSeverity.INFORMATION),
    AGENT_INSTALLED(1020, "agent", "installed", EventSeverity.INFORMATION),
    AGENT_REMOVED(1021, "agent", "removed", EventSeverity.INFORMATION),
    IMAGE_COMMITTED(1030, "image", "committed", EventSeverity.INFORMATION),
    IMAGE_ADDED(1031, "image", "added", EventSeverity.INFORMATION),
    SWITCH_STARTED(1032, "image", "switching", EventSeverity.INFORMATION),
    SWITCH_CONFIRMED(1033, "image", "confirmed", EventSeverity.INFORMATION),
    SWITCH_NOT_CONFIRMED(1034, "image", "not-confirmed", EventSeverity.WARNING),
    SWITCH_ROLLED_BACK(1035, "image", "rolled-back", EventSeverity.WARNING),
    IMAGE_PRUNED(1036, "image", "pruned", EventSeverity.INFORMATION),
    IMAGE_FLATTENED(1037, "image", "flattened", EventSeverity.INFORMATION),
    IMAGE_RECOVERED(1038, "image", "recovered", EventSeverity.WARNING),
    IMAGE_FAILED(1039, "image", "failed", EventSeverity.ERROR),
    IMAGE_PUSHED(1040, "image", "pushed", EventSeverity.INFORMATION),
    IMAGE_PULLED(1041, "image", "pulled", EventSeverity.INFORMATION),
    IMAGE_TRANSFER_FAILED(1042, "transfer", "failed", EventSeverity.ERROR),
    SCHEDULED_PULL_CHECKED(1043, "pull", "checked", EventSeverity.INFORMATION),
    SCHEDULED_PULL_FAILED(1044, "pull", "failed", EventSeverity.ERROR);

    private final int id;
    private final String operation;
    private final String outcome;
    private final EventSeverity severity;

    Event(int id, String operation, String outcome, EventSeverity severity) {
        this.id = id;
        this.operation = operation;
        this.outcome = outcome;
        this.severity = severity;
    }

    public int id() {
        return id;
    }

    public String operation() {
        return operation;
    }

    public String outcome() {
        return outcome;
    }

    public EventSeverity severity() {
        return severity;
    }
}
