package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventSeverityTest {

    @Test
    void usesTheEventLogTypeValues() {
        assertEquals(1, EventSeverity.ERROR.eventType());
        assertEquals(2, EventSeverity.WARNING.eventType());
        assertEquals(4, EventSeverity.INFORMATION.eventType());
    }
}
