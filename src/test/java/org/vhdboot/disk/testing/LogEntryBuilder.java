package org.vhdboot.disk.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds VHDX log entries byte by byte from [MS-VHDX] 2.3.1, independently of the engine's parser: a 64-byte
 * entry header, 32-byte zero and data descriptors padded to 4 KiB, then one 4 KiB data sector per data
 * descriptor, signed with CRC-32C over the whole entry.
 */
public final class LogEntryBuilder {
    public static final int SECTOR = 4096;

    private record Descriptor(long fileOffset, byte[] data, long zeroLength) {
    }

    private final UUID logGuid;
    private final long sequence;
    private final List<Descriptor> descriptors = new ArrayList<>();
    private int tail;
    private long flushedFileOffset;
    private long lastFileOffset;

    public LogEntryBuilder(UUID logGuid, long sequence) {
        this.logGuid = logGuid;
        this.sequence = sequence;
    }

    /** Log offset of the first entry of the sequence this entry ends. */
    public LogEntryBuilder tail(int logOffset) {
        this.tail = logOffset;
        return this;
    }

    public LogEntryBuilder fileOffsets(long flushed, long last) {
        this.flushedFileOffset = flushed;
        this.lastFileOffset = last;
        return this;
    }

    /** Replay writes these 4096 bytes at {@code fileOffset}. */
    public LogEntryBuilder data(long fileOffset, byte[] sector) {
        if (sector.length != SECTOR) {
            throw new IllegalArgumentException("a data descriptor carries exactly 4096 bytes");
        }
        descriptors.add(new Descriptor(fileOffset, sector.clone(), 0));
        return this;
    }

    /** Replay writes {@code length} zero bytes at {@code fileOffset}. */
    public LogEntryBuilder zero(long fileOffset, long length) {
        descriptors.add(new Descriptor(fileOffset, null, length));
        return this;
    }

    public byte[] build() {
        int descriptorSectors = (64 + 32 * descriptors.size() + SECTOR - 1) / SECTOR;
        int dataSectors = (int) descriptors.stream().filter(d -> d.data() != null).count();
        byte[] entry = new byte[(descriptorSectors + dataSectors) * SECTOR];
        ByteBuffer b = VhdxFileEditor.le(entry);
        b.put(0, ascii("loge"));
        b.putInt(8, entry.length);
        b.putInt(12, tail);
        b.putLong(16, sequence);
        b.putInt(24, descriptors.size());
        b.put(32, GuidBytes.encode(logGuid));
        b.putLong(48, flushedFileOffset);
        b.putLong(56, lastFileOffset);
        int dataSector = descriptorSectors;
        for (int i = 0; i < descriptors.size(); i++) {
            Descriptor d = descriptors.get(i);
            int at = 64 + 32 * i;
            b.putLong(at + 16, d.fileOffset());
            b.putLong(at + 24, sequence);
            if (d.data() == null) {
                b.put(at, ascii("zero"));
                b.putLong(at + 8, d.zeroLength());
                continue;
            }
            b.put(at, ascii("desc"));
            // The first 8 and last 4 bytes of the update live in the descriptor; the sector keeps the middle.
            b.put(at + 4, d.data(), 4092, 4);
            b.put(at + 8, d.data(), 0, 8);
            int sectorAt = dataSector * SECTOR;
            b.put(sectorAt, ascii("data"));
            b.putInt(sectorAt + 4, (int) (sequence >>> 32));
            b.put(sectorAt + 8, d.data(), 8, 4084);
            b.putInt(sectorAt + 4092, (int) sequence);
            dataSector++;
        }
        return VhdxFileEditor.sign(entry);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
