package org.vhdboot.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of the VHDX log: a 64-byte header, 32-byte descriptors padded to 4 KiB, then one 4 KiB data
 * sector per data descriptor. Entries may wrap around the end of the circular log.
 */
public record LogEntry(
        int logOffset,
        int entryLength,
        int tail,
        long sequenceNumber,
        long flushedFileOffset,
        long lastFileOffset,
        List<Write> writes) {

    public static final int SECTOR = 4096;
    static final int HEADER_SIZE = 64;
    static final int DESCRIPTOR_SIZE = 32;

    /** One replay action: {@code data} at {@code fileOffset}, or {@code zeroLength} zero bytes when data is null. */
    public record Write(long fileOffset, byte[] data, long zeroLength) {
        public long length() {
            return data != null ? data.length : zeroLength;
        }
    }

    public LogEntry {
        writes = List.copyOf(writes);
    }

    /**
     * Parses the entry at {@code offset} of the log, or returns empty when it is not a valid entry of the log
     * {@code logGuid}: a wrong signature or GUID, a bad CRC (a torn write), or descriptors that do not match.
     */
    public static Optional<LogEntry> parse(byte[] log, int offset, UUID logGuid) {
        if (offset % SECTOR != 0 || offset + HEADER_SIZE > log.length) {
            return Optional.empty();
        }
        ByteBuffer head = ByteBuffer.wrap(log, offset, HEADER_SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (!signature(head, 0, "loge")) {
            return Optional.empty();
        }
        long entryLength = Integer.toUnsignedLong(head.getInt(8));
        long sequence = head.getLong(16);
        long descriptorCount = Integer.toUnsignedLong(head.getInt(24));
        if (entryLength == 0 || entryLength % SECTOR != 0 || entryLength > log.length || sequence == 0) {
            return Optional.empty();
        }
        if (!MsGuid.read(head, 32).equals(logGuid)) {
            return Optional.empty();
        }
        long descriptorSectors = (HEADER_SIZE + descriptorCount * DESCRIPTOR_SIZE + SECTOR - 1) / SECTOR;
        if (descriptorSectors * SECTOR > entryLength) {
            return Optional.empty();
        }
        byte[] entry = circularCopy(log, offset, (int) entryLength);
        ByteBuffer b = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(4) != VhdxChecksum.compute(entry, 4)) {
            return Optional.empty();
        }
        List<Write> writes = new ArrayList<>();
        int dataSector = (int) descriptorSectors;
        for (int i = 0; i < descriptorCount; i++) {
            int at = HEADER_SIZE + i * DESCRIPTOR_SIZE;
            long fileOffset = b.getLong(at + 16);
            if (b.getLong(at + 24) != sequence || fileOffset % SECTOR != 0) {
                return Optional.empty();
            }
            if (signature(b, at, "zero")) {
                long zeroLength = b.getLong(at + 8);
                if (zeroLength % SECTOR != 0) {
                    return Optional.empty();
                }
                writes.add(new Write(fileOffset, null, zeroLength));
            } else if (signature(b, at, "desc")) {
                int sectorAt = dataSector * SECTOR;
                if (sectorAt + SECTOR > entry.length || !signature(b, sectorAt, "data")) {
                    return Optional.empty();
                }
                long high = Integer.toUnsignedLong(b.getInt(sectorAt + 4));
                long low = Integer.toUnsignedLong(b.getInt(sectorAt + 4092));
                if (((high << 32) | low) != sequence) {
                    return Optional.empty();
                }
                byte[] data = new byte[SECTOR];
                // The descriptor holds the sector's first 8 and last 4 bytes, which the data sector's own header overlays.
                System.arraycopy(entry, at + 8, data, 0, 8);
                System.arraycopy(entry, sectorAt + 8, data, 8, 4084);
                System.arraycopy(entry, at + 4, data, 4092, 4);
                writes.add(new Write(fileOffset, data, 0));
                dataSector++;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new LogEntry(offset, (int) entryLength, head.getInt(12), sequence, head.getLong(48),
                head.getLong(56), writes));
    }

    private static boolean signature(ByteBuffer b, int at, String expected) {
        byte[] want = expected.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 4; i++) {
            if (b.get(at + i) != want[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] circularCopy(byte[] log, int offset, int length) {
        byte[] out = new byte[length];
        int first = Math.min(length, log.length - offset);
        System.arraycopy(log, offset, out, 0, first);
        System.arraycopy(log, 0, out, first, length - first);
        return out;
    }

    /** Log offset of the entry that follows this one. */
    public int next(int logLength) {
        return (int) (((long) logOffset + entryLength) % logLength);
    }
}
