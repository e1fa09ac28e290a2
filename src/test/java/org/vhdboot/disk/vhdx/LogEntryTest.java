package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.testing.LogEntryBuilder;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogEntryTest {
    private static final UUID LOG = UUID.fromString("0f0e0d0c-0b0a-0908-0706-050403020100");
    private static final int LOG_LENGTH = 64 * 1024;
    private static final long MIB = 1 << 20;

    private static byte[] logWith(int offset, byte[] entry) {
        byte[] log = new byte[LOG_LENGTH];
        int first = Math.min(entry.length, LOG_LENGTH - offset);
        System.arraycopy(entry, 0, log, offset, first);
        System.arraycopy(entry, first, log, 0, entry.length - first);
        return log;
    }

    @Test
    void parsesHeaderFieldsAndRestoresDataSectorsWithTheirLeadingAndTrailingBytes() throws Exception {
        byte[] update = PatternBytes.of(1, 4096);
        byte[] entry = new LogEntryBuilder(LOG, 0x1_0000_0002L).tail(8192).fileOffsets(8 * MIB, 9 * MIB)
                .data(3 * MIB + 4096, update).zero(5 * MIB, 3 * 4096).build();
        byte[] log = logWith(8192, entry);
        LogEntry parsed = LogEntry.parse(log, 8192, LOG).orElseThrow();
        assertEquals(8192, parsed.logOffset());
        assertEquals(8192, parsed.entryLength(), "one descriptor sector and one data sector");
        assertEquals(8192, parsed.tail());
        assertEquals(0x1_0000_0002L, parsed.sequenceNumber());
        assertEquals(8 * MIB, parsed.flushedFileOffset());
        assertEquals(9 * MIB, parsed.lastFileOffset());
        List<LogEntry.Write> writes = parsed.writes(CircularLog.of(log));
        assertEquals(2, writes.size());
        assertEquals(3 * MIB + 4096, writes.get(0).fileOffset());
        assertArrayEquals(update, writes.get(0).data(CircularLog.of(log)));
        assertEquals(5 * MIB, writes.get(1).fileOffset());
        assertTrue(writes.get(1).zero());
        assertEquals(3 * 4096, writes.get(1).length());
    }

    @Test
    void anEntryWithManyDescriptorsSpansSeveralDescriptorSectors() throws Exception {
        LogEntryBuilder builder = new LogEntryBuilder(LOG, 5).fileOffsets(MIB, MIB);
        for (int i = 0; i < 130; i++) {
            builder.zero(MIB + 4096L * i, 4096);
        }
        byte[] entry = builder.build();
        assertEquals(2 * 4096, entry.length, "64 + 130 * 32 bytes of descriptors need two sectors");
        byte[] log = logWith(0, entry);
        assertEquals(130, LogEntry.parse(log, 0, LOG).orElseThrow().writes(CircularLog.of(log)).size());
    }

    @Test
    void anEntryMayWrapAroundTheEndOfTheLog() throws Exception {
        byte[] update = PatternBytes.of(2, 4096);
        byte[] entry = new LogEntryBuilder(LOG, 9).tail(LOG_LENGTH - 4096).fileOffsets(MIB, MIB)
                .data(MIB, update).build();
        CircularLog log = CircularLog.of(logWith(LOG_LENGTH - 4096, entry));
        LogEntry parsed = LogEntry.parse(log, LOG_LENGTH - 4096, LOG).orElseThrow();
        assertArrayEquals(update, parsed.writes(log).get(0).data(log));
        assertEquals(4096, parsed.next(LOG_LENGTH), "the next entry starts after the wrapped part");
    }

    @Test
    void aTornEntryIsNotAnEntry() {
        byte[] entry = new LogEntryBuilder(LOG, 3).fileOffsets(MIB, MIB).data(MIB, PatternBytes.of(3, 4096)).build();
        entry[6000] ^= 1;
        assertTrue(LogEntry.parse(logWith(0, entry), 0, LOG).isEmpty());
    }

    @Test
    void anEntryOfAnotherLogIsNotAnEntry() {
        byte[] entry = new LogEntryBuilder(UUID.randomUUID(), 3).fileOffsets(MIB, MIB).zero(MIB, 4096).build();
        assertTrue(LogEntry.parse(logWith(0, entry), 0, LOG).isEmpty());
    }

    @Test
    void aDataSectorFromAnotherEntryIsNotAccepted() {
        byte[] entry = new LogEntryBuilder(LOG, 3).fileOffsets(MIB, MIB).data(MIB, PatternBytes.of(3, 4096)).build();
        // Make the data sector claim sequence 4 and re-sign, as a misdirected write would look.
        VhdxFileEditor.le(entry).putInt(4096 + 4092, 4);
        VhdxFileEditor.sign(entry);
        assertTrue(LogEntry.parse(logWith(0, entry), 0, LOG).isEmpty());
    }

    @Test
    void aDescriptorFromAnotherEntryIsNotAccepted() {
        byte[] entry = new LogEntryBuilder(LOG, 3).fileOffsets(MIB, MIB).zero(MIB, 4096).build();
        VhdxFileEditor.le(entry).putLong(64 + 24, 2);
        VhdxFileEditor.sign(entry);
        assertTrue(LogEntry.parse(logWith(0, entry), 0, LOG).isEmpty());
    }

    @Test
    void sequenceNumberZeroIsInvalid() {
        byte[] entry = new LogEntryBuilder(LOG, 0).fileOffsets(MIB, MIB).zero(MIB, 4096).build();
        assertTrue(LogEntry.parse(logWith(0, entry), 0, LOG).isEmpty());
    }

    @Test
    void anUnalignedTargetIsInvalid() {
        byte[] entry = new LogEntryBuilder(LOG, 1).fileOffsets(MIB, MIB).zero(MIB + 512, 4096).build();
        assertTrue(LogEntry.parse(logWith(0, entry), 0, LOG).isEmpty());
    }

    @Test
    void anEntryWithNoDescriptorsIsValid() {
        byte[] entry = new LogEntryBuilder(LOG, 1).fileOffsets(MIB, MIB).build();
        assertEquals(0, LogEntry.parse(logWith(0, entry), 0, LOG).orElseThrow().descriptorCount());
    }
}
