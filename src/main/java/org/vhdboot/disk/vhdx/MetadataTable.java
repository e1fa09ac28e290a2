package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The table at the start of the metadata region: which item lives where inside the region. */
public record MetadataTable(List<Entry> entries) {
    public static final int TABLE_SIZE = 64 * 1024;
    public static final UUID FILE_PARAMETERS = UUID.fromString("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    public static final UUID VIRTUAL_DISK_SIZE = UUID.fromString("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    public static final UUID PAGE_83_DATA = UUID.fromString("BECA12AB-B2E6-4523-93EF-C309E000C746");
    public static final UUID LOGICAL_SECTOR_SIZE = UUID.fromString("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    public static final UUID PHYSICAL_SECTOR_SIZE = UUID.fromString("CDA348C7-445D-4471-9CC9-E9885251C556");
    public static final UUID PARENT_LOCATOR = UUID.fromString("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");
    public static final List<UUID> KNOWN = List.of(FILE_PARAMETERS, VIRTUAL_DISK_SIZE, PAGE_83_DATA,
            LOGICAL_SECTOR_SIZE, PHYSICAL_SECTOR_SIZE, PARENT_LOCATOR);
    private static final byte[] SIGNATURE = "metadata".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ENTRIES = 2047;

    /** One item: its offset is from the region start; {@code virtualDisk} items are copied from a parent to its child. */
    public record Entry(UUID itemId, long offset, long length, boolean user, boolean virtualDisk, boolean required) {
        int flags() {
            return (user ? 1 : 0) | (virtualDisk ? 2 : 0) | (required ? 4 : 0);
        }
    }

    public MetadataTable {
        entries = List.copyOf(entries);
    }

    public static MetadataTable parse(byte[] bytes, long regionLength, String where) throws InvalidImageException {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                throw new InvalidImageException(where + ": metadata table signature \"metadata\" missing");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count = b.getShort(10) & 0xFFFF;
        if (count > MAX_ENTRIES) {
            throw new InvalidImageException(where + ": metadata table has " + count + " entries, more than "
                    + MAX_ENTRIES);
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 32 + i * 32;
            long offset = Integer.toUnsignedLong(b.getInt(at + 16));
            long length = Integer.toUnsignedLong(b.getInt(at + 20));
            int flags = b.getInt(at + 24);
            Entry entry = new Entry(MsGuid.read(b, at), offset, length, (flags & 1) != 0, (flags & 2) != 0,
                    (flags & 4) != 0);
            if (length > 0 && (offset < TABLE_SIZE || offset + length > regionLength)) {
                throw new InvalidImageException(where + ": metadata item " + entry.itemId() + " at offset " + offset
                        + " (" + length + " bytes) lies outside the metadata region");
            }
            entries.add(entry);
        }
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                Entry x = entries.get(i);
                Entry y = entries.get(j);
                if (x.itemId().equals(y.itemId()) && x.user() == y.user()) {
                    throw new InvalidImageException(where + ": metadata item " + x.itemId() + " appears twice");
                }
                if (x.length() > 0 && y.length() > 0 && x.offset() < y.offset() + y.length()
                        && y.offset() < x.offset() + x.length()) {
                    throw new InvalidImageException(where + ": metadata items " + x.itemId() + " and "
                            + y.itemId() + " overlap");
                }
            }
        }
        return new MetadataTable(entries);
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[TABLE_SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, SIGNATURE);
        b.putShort(10, (short) entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            int at = 32 + i * 32;
            MsGuid.write(b, at, entry.itemId());
            b.putInt(at + 16, (int) entry.offset());
            b.putInt(at + 20, (int) entry.length());
            b.putInt(at + 24, entry.flags());
        }
        return bytes;
    }

    public Optional<Entry> find(UUID itemId) {
        return entries.stream().filter(e -> !e.user() && e.itemId().equals(itemId)).findFirst();
    }
}
