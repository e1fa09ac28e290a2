package org.vhdboot.windows;

import java.io.IOException;

/** The Windows Application event log, where unattended resets leave their trace under the source {@code vhdboot}. */
public interface EventLog {
    String SOURCE = "vhdboot";

    /** @param eventId 0 to 65535 */
    void write(int eventId, EventSeverity severity, String message) throws IOException;

    /** Writes nothing: for Linux and for tests. */
    EventLog NONE = (eventId, severity, message) -> {
    };
}
