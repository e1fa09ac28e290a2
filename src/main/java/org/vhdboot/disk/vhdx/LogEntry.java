package org.vhdboot.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of the VHDX log: a 64-byte header, 32-byte descriptors padded to 4 KiB, then one 4 KiB data
 * sector per data descriptor, and nothing else. Entries may wrap around the end of the circular log.
 *
 * <p>Parsing checks the structure before the checksum: every sector after an entry's first starts with a
 * descriptor or a data sector, never with an entry header, so two structurally valid entries never overlap
 * and checksumming them all reads the log at most once. A log of bogus headers that each claim the whole
 * log costs one sector each, not the whole log each.
 */
public record LogEntry(
        int logOffset,
        int entryLength,
        int tail,
        long sequenceNumber,
        long flushedFileOffset,
        long lastFileOffset,
        int descriptorCount) {

    public static final int SECTOR = 4096;
    static final int HEADER_SIZE = 64;
    static final int DESCRIPTOR_SIZE = 32;

    /**
     * One replay action: 4096 bytes from the log's data sector at {@code dataSector} (with the descriptor's
     * leading 8 and trailing 4 bytes) at {@code fileOffset}, or {@code length} zero bytes when it is {@link #ZERO}.
     */
    public record Write(long fileOffset, long length, int dataSector, long leadingBytes, int trailingBytes) {
        public static final int ZERO = -1;

        static Write zero(long fileOffset, long length) {
            return new Write(fileOffset, length, ZERO, 0, 0);
        }

        public boolean zero() {
            return dataSector == ZERO;
        }

        /** The 4096 bytes a data descriptor writes; the data sector's own header is overlaid by the descriptor's bytes. */
        byte[] data(CircularLog log) throws IOException {
            ByteBuffer sector = log.read(dataSector, SECTOR);
            sector.putLong(0, leadingBytes);
            sector.putInt(SECTOR - 4, trailingBytes);
            return sector.array();
        }
    }

    /** Parses the entry at {@code offset} of an in-memory log; see {@link #parse(CircularLog, int, UUID)}. */
    public static Optional<LogEntry> parse(byte[] log, int offset, UUID logGuid) {
        try {
            return parse(CircularLog.of(log), offset, logGuid);
        } catch (IOException e) {
            throw new IllegalStateException("an in-memory log cannot fail to read", e);
        }
    }

    /**
     * Parses the entry at {@code offset} of the log, or returns empty when it is not a valid entry of the log
     * {@code logGuid}: a wrong signature or GUID, descriptors or data sectors that do not match, a length that
     * is not exactly header, descriptors and data, or a bad CRC (a torn write).
     */
    static Optional<LogEntry> parse(CircularLog log, int offset, UUID logGuid) throws IOException {
        if (offset < 0 || offset % SECTOR != 0 || offset >= log.length()) {
            return Optional.empty();
        }
        ByteBuffer head = log.read(offset, HEADER_SIZE);
        if (!signature(head, 0, "loge")) {
            return Optional.empty();
        }
        long entryLength = Integer.toUnsignedLong(head.getInt(8));
        long sequence = head.getLong(16);
        long descriptorCount = Integer.toUnsignedLong(head.getInt(24));
        if (entryLength == 0 || entryLength % SECTOR != 0 || entryLength > log.length() || sequence == 0
                || !MsGuid.read(head, 32).equals(logGuid)) {
            return Optional.empty();
        }
        long sectors = entryLength / SECTOR;
        long descriptorSectors = descriptorSectors(descriptorCount);
        long[] dataSectors = {0};
        boolean descriptorsValid = descriptorSectors <= sectors && forEachDescriptor(log, offset, descriptorCount,
                (b, at) -> {
                    if (!validDescriptor(b, at, sequence)) {
                        return false;
                    }
                    if (signature(b, at, "desc")) {
                        dataSectors[0]++;
                    }
                    return descriptorSectors + dataSectors[0] <= sectors;
                });
        if (!descriptorsValid || descriptorSectors + dataSectors[0] != sectors) {
            return Optional.empty();
        }
        for (long d = 0; d < dataSectors[0]; d++) {
            ByteBuffer sector = log.read(log.advance(offset, (descriptorSectors + d) * SECTOR), SECTOR);
            long high = Integer.toUnsignedLong(sector.getInt(4));
            long low = Integer.toUnsignedLong(sector.getInt(SECTOR - 4));
            if (!signature(sector, 0, "data") || ((high << 32) | low) != sequence) {
                return Optional.empty();
            }
        }
        if (head.getInt(4) != log.crc32c(offset, (int) entryLength, 4)) {
            return Optional.empty();
        }
        return Optional.of(new LogEntry(offset, (int) entryLength, head.getInt(12), sequence, head.getLong(48),
                head.getLong(56), (int) descriptorCount));
    }

    private static long descriptorSectors(long descriptorCount) {
        return (HEADER_SIZE + descriptorCount * DESCRIPTOR_SIZE + SECTOR - 1) / SECTOR;
    }

    private static boolean validDescriptor(ByteBuffer b, int at, long sequence) {
        if (b.getLong(at + 24) != sequence || b.getLong(at + 16) % SECTOR != 0) {
            return false;
        }
        if (signature(b, at, "zero")) {
            return b.getLong(at + 8) % SECTOR == 0;
        }
        return signature(b, at, "desc");
    }

    @FunctionalInterface
    private interface DescriptorVisitor {
        /** Looks at the descriptor at {@code at} of {@code sector}; false stops the walk. */
        boolean visit(ByteBuffer sector, int at) throws IOException;
    }

    /** Walks the descriptors, one 4 KiB sector read at a time; false when the visitor stopped it. */
    private static boolean forEachDescriptor(CircularLog log, int offset, long count, DescriptorVisitor visitor)
            throws IOException {
        long index = 0;
        for (long sector = 0; index < count; sector++) {
            ByteBuffer bytes = log.read(log.advance(offset, sector * SECTOR), SECTOR);
            for (int at = sector == 0 ? HEADER_SIZE : 0; at < SECTOR && index < count; at += DESCRIPTOR_SIZE) {
                if (!visitor.visit(bytes, at)) {
                    return false;
                }
                index++;
            }
        }
        return true;
    }

    /** The entry's replay actions in order, read again from the log. */
    List<Write> writes(CircularLog log) throws IOException {
        List<Write> writes = new ArrayList<>(descriptorCount);
        long[] nextDataSector = {descriptorSectors(Integer.toUnsignedLong(descriptorCount))};
        forEachDescriptor(log, logOffset, Integer.toUnsignedLong(descriptorCount), (b, at) -> {
            long fileOffset = b.getLong(at + 16);
            if (signature(b, at, "zero")) {
                writes.add(Write.zero(fileOffset, b.getLong(at + 8)));
            } else {
                int sector = log.advance(logOffset, nextDataSector[0]++ * SECTOR);
                writes.add(new Write(fileOffset, SECTOR, sector, b.getLong(at + 8), b.getInt(at + 4)));
            }
            return true;
        });
        return writes;
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

    /** Log offset of the entry that follows this one. */
    public int next(int logLength) {
        return (int) (((long) logOffset + entryLength) % logLength);
    }
}
