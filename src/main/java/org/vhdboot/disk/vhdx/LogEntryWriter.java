package org.vhdboot.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Encodes one VHDX log entry ([MS-VHDX] 2.3.1) that writes whole 4 KiB sectors: a 64-byte header and 32-byte data
 * descriptors, padded to 4 KiB, then one data sector per descriptor, signed with CRC-32C over the whole entry. The
 * entry is a sequence of its own: its tail is its own log offset.
 */
final class LogEntryWriter {
    static final int SECTOR = LogEntry.SECTOR;
    private static final byte[] ENTRY = ascii("loge");
    private static final byte[] DESCRIPTOR = ascii("desc");
    private static final byte[] DATA = ascii("data");

    /** One 4 KiB sector to write at {@code fileOffset}, a multiple of 4 KiB. */
    record SectorWrite(long fileOffset, byte[] data) {
        SectorWrite {
            if (data.length != SECTOR || fileOffset % SECTOR != 0) {
                throw new IllegalArgumentException("a logged write is one aligned 4 KiB sector");
            }
        }
    }

    private LogEntryWriter() {
    }

    /** Bytes the entry for {@code count} sector writes takes in the log. */
    static long length(int count) {
        return descriptorSectors(count) * (long) SECTOR + (long) count * SECTOR;
    }

    /**
     * @param logOffset where the entry goes in the log, which is also its tail
     * @param fileSize the file's size now: nothing beyond it is needed, so it is both the flushed and the last
     *                 file offset
     */
    static byte[] encode(UUID logGuid, long sequence, int logOffset, long fileSize, List<SectorWrite> writes) {
        int descriptorSectors = descriptorSectors(writes.size());
        byte[] entry = new byte[Math.toIntExact(length(writes.size()))];
        ByteBuffer b = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, ENTRY);
        b.putInt(8, entry.length);
        b.putInt(12, logOffset);
        b.putLong(16, sequence);
        b.putInt(24, writes.size());
        MsGuid.write(b, 32, logGuid);
        b.putLong(48, fileSize);
        b.putLong(56, fileSize);
        for (int i = 0; i < writes.size(); i++) {
            SectorWrite write = writes.get(i);
            int descriptor = LogEntry.HEADER_SIZE + i * LogEntry.DESCRIPTOR_SIZE;
            // The descriptor carries the sector's last 4 and first 8 bytes; the data sector the 4084 between.
            b.put(descriptor, DESCRIPTOR);
            b.put(descriptor + 4, write.data(), SECTOR - 4, 4);
            b.put(descriptor + 8, write.data(), 0, 8);
            b.putLong(descriptor + 16, write.fileOffset());
            b.putLong(descriptor + 24, sequence);
            int sector = (descriptorSectors + i) * SECTOR;
            b.put(sector, DATA);
            b.putInt(sector + 4, (int) (sequence >>> 32));
            b.put(sector + 8, write.data(), 8, SECTOR - 12);
            b.putInt(sector + SECTOR - 4, (int) sequence);
        }
        VhdxChecksum.store(entry, 4);
        return entry;
    }

    private static int descriptorSectors(int count) {
        return (LogEntry.HEADER_SIZE + count * LogEntry.DESCRIPTOR_SIZE + SECTOR - 1) / SECTOR;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
