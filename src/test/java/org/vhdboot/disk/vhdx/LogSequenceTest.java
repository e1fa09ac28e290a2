package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.testing.LogEntryBuilder;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSequenceTest {
    private static final UUID LOG = UUID.fromString("0f0e0d0c-0b0a-0908-0706-050403020100");
    private static final int LOG_LENGTH = 64 * 1024;
    private static final long MIB = 1 << 20;

    private final byte[] log = new byte[LOG_LENGTH];

    /** Puts a one-sector entry (a single zero descriptor) at {@code offset}; its target names its sequence number. */
    private void entry(int offset, long sequence, int tail) {
        entry(offset, sequence, tail, LOG);
    }

    private void entry(int offset, long sequence, int tail, UUID guid) {
        byte[] bytes = new LogEntryBuilder(guid, sequence).tail(tail).fileOffsets(MIB, MIB)
                .zero(sequence * MIB, 4096).build();
        int first = Math.min(bytes.length, LOG_LENGTH - offset);
        System.arraycopy(bytes, 0, log, offset, first);
        System.arraycopy(bytes, first, log, 0, bytes.length - first);
    }

    private List<Long> active() {
        return LogSequence.findActive(log, LOG).orElseThrow().entries().stream()
                .map(LogEntry::sequenceNumber).toList();
    }

    @Test
    void anEmptyLogHasNoActiveSequence() {
        assertTrue(LogSequence.findActive(log, LOG).isEmpty());
    }

    @Test
    void aSingleEntryWhoseTailIsItselfIsASequence() {
        entry(0, 10, 0);
        assertEquals(List.of(10L), active());
    }

    @Test
    void consecutiveEntriesEndingInTheHeadFormTheSequenceFromItsTail() {
        entry(0, 10, 0);
        entry(4096, 11, 0);
        entry(8192, 12, 0);
        assertEquals(List.of(10L, 11L, 12L), active());
        assertEquals(12L, LogSequence.findActive(log, LOG).orElseThrow().head().sequenceNumber());
    }

    @Test
    void replayStartsAtTheHeadsTailNotAtTheFirstEntry() {
        entry(0, 10, 0);
        entry(4096, 11, 0);
        entry(8192, 12, 4096);
        assertEquals(List.of(11L, 12L), active());
    }

    @Test
    void aTornHeadLeavesTheSequenceBeforeIt() {
        entry(0, 10, 0);
        entry(4096, 11, 0);
        entry(8192, 12, 0);
        log[8192 + 100] ^= 1;
        assertEquals(List.of(10L, 11L), active());
    }

    @Test
    void aGapInSequenceNumbersEndsTheRun() {
        entry(0, 10, 0);
        entry(4096, 12, 0);
        assertEquals(List.of(10L), active(), "12's tail is not in a run that reaches it");
    }

    @Test
    void entriesOfAnotherLogGuidAreIgnored() {
        entry(0, 10, 0);
        entry(4096, 11, 0, UUID.randomUUID());
        assertEquals(List.of(10L), active());
    }

    @Test
    void onlyForeignEntriesMeanNoSequence() {
        entry(0, 10, 0, UUID.randomUUID());
        assertTrue(LogSequence.findActive(log, LOG).isEmpty());
    }

    @Test
    void aSequenceMayWrapAroundTheEndOfTheLog() {
        entry(LOG_LENGTH - 8192, 20, LOG_LENGTH - 8192);
        entry(LOG_LENGTH - 4096, 21, LOG_LENGTH - 8192);
        entry(0, 22, LOG_LENGTH - 8192);
        assertEquals(List.of(20L, 21L, 22L), active());
    }

    @Test
    void theNewestValidSequenceWins() {
        entry(0, 30, 0);
        entry(4096, 31, 0);
        entry(32768, 5, 32768);
        entry(36864, 6, 32768);
        assertEquals(List.of(30L, 31L), active());
    }

    @Test
    void aHeadWhoseTailLiesOutsideItsRunIsNoSequence() {
        entry(4096, 11, 0);
        assertTrue(LogSequence.findActive(log, LOG).isEmpty());
    }
}
