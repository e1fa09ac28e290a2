package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One of the two identical 64 KiB region tables, listing where the BAT and metadata regions live. */
public record RegionTable(List<Entry> entries) {
    public static final int SIZE = 64 * 1024;
    public static final long SLOT_1 = 192 * 1024;
    public static final long SLOT_2 = 256 * 1024;
    public static final UUID BAT = UUID.fromString("2DC27766-F623-4200-9D64-115E9BFD4A08");
    public static final UUID METADATA = UUID.fromString("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static final byte[] SIGNATURE = "regi".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ENTRIES = 2047;
    private static final int CHECKSUM_OFFSET = 4;

    /** A region: 1 MiB aligned; {@code required} means a reader that does not know it must refuse the file. */
    public record Entry(UUID guid, long fileOffset, long length, boolean required) {
        public String name() {
            if (guid.equals(BAT)) {
                return "BAT";
            }
            return guid.equals(METADATA) ? "metadata" : guid.toString();
        }
    }

    public RegionTable {
        entries = List.copyOf(entries);
    }

    public static RegionTable parse(byte[] bytes, String where) throws InvalidImageException {
        for (int i = 0; i < 4; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                throw new InvalidImageException(where + ": signature \"regi\" missing");
            }
        }
        int stored = VhdxChecksum.stored(bytes, CHECKSUM_OFFSET);
        int computed = VhdxChecksum.compute(bytes, CHECKSUM_OFFSET);
        if (stored != computed) {
            throw new InvalidImageException(String.format("%s: CRC-32C mismatch (stored 0x%08X, computed 0x%08X)",
                    where, stored, computed));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long count = Integer.toUnsignedLong(b.getInt(8));
        if (count > MAX_ENTRIES) {
            throw new InvalidImageException(where + ": " + count + " entries, more than the limit of " + MAX_ENTRIES);
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 16 + i * 32;
            entries.add(new Entry(MsGuid.read(b, at), b.getLong(at + 16), Integer.toUnsignedLong(b.getInt(at + 24)),
                    (b.getInt(at + 28) & 1) != 0));
        }
        return new RegionTable(entries);
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, SIGNATURE);
        b.putInt(8, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            int at = 16 + i * 32;
            MsGuid.write(b, at, entry.guid());
            b.putLong(at + 16, entry.fileOffset());
            b.putInt(at + 24, (int) entry.length());
            b.putInt(at + 28, entry.required() ? 1 : 0);
        }
        VhdxChecksum.store(bytes, CHECKSUM_OFFSET);
        return bytes;
    }

    public Optional<Entry> find(UUID guid) {
        return entries.stream().filter(e -> e.guid().equals(guid)).findFirst();
    }
}
