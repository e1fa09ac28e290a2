package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VhdTimestampTest {

    @Test
    void countsSecondsFromTheYear2000() {
        assertEquals(0, VhdTimestamp.fromInstant(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(86_400, VhdTimestamp.fromInstant(Instant.parse("2000-01-02T00:00:00Z")));
        assertEquals(Instant.parse("2024-05-06T07:08:09Z"),
                VhdTimestamp.toInstant(VhdTimestamp.fromInstant(Instant.parse("2024-05-06T07:08:09Z"))));
    }

    @Test
    void readsStoredValuesAsUnsigned() {
        assertEquals(Instant.parse("2000-01-01T00:00:00Z").plusSeconds(0xFFFF_FFFFL), VhdTimestamp.toInstant(-1));
    }

    @Test
    void clampsTimesBeforeTheEpoch() {
        assertEquals(0, VhdTimestamp.fromInstant(Instant.parse("1999-12-31T23:59:59Z")));
    }
}
