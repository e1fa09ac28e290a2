package org.vhdboot.windows;

/** Event log entry types, with their EVENTLOG_*_TYPE values. */
public enum EventSeverity {
    ERROR(0x0001),
    WARNING(0x0002),
    INFORMATION(0x0004);

    private final int eventType;

    EventSeverity(int eventType) {
        this.eventType = eventType;
    }

    /** The wType ReportEvent takes. */
    public int eventType() {
        return eventType;
    }
}
