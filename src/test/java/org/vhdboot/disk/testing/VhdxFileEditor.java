package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Edits VHDX files behind the engine's back, for bad-input and log tests. Offsets and checksums are
 * computed here from the specification, not with the engine's classes.
 */
public final class VhdxFileEditor {
    public static final long MIB = 1 << 20;
    public static final long[] HEADER_SLOTS = {64 * 1024, 128 * 1024};
    public static final long[] REGION_TABLE_SLOTS = {192 * 1024, 256 * 1024};
    public static final int HEADER_SIZE = 4096;
    public static final int REGION_TABLE_SIZE = 64 * 1024;
    public static final UUID BAT_REGION = UUID.fromString("2DC27766-F623-4200-9D64-115E9BFD4A08");
    public static final UUID METADATA_REGION = UUID.fromString("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    public static final UUID PARENT_LOCATOR_ITEM = UUID.fromString("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");
    public static final UUID PHYSICAL_SECTOR_SIZE_ITEM = UUID.fromString("CDA348C7-445D-4471-9CC9-E9885251C556");

    private final java.nio.file.Path file;

    public VhdxFileEditor(java.nio.file.Path file) {
        this.file = file;
    }

    /** CRC-32C over {@code bytes} with the 4-byte field at {@code checksumOffset} read as zero. */
    public static int crc32c(byte[] bytes, int checksumOffset) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, checksumOffset);
        crc.update(new byte[4]);
        crc.update(bytes, checksumOffset + 4, bytes.length - checksumOffset - 4);
        return (int) crc.getValue();
    }

    /** Signs a header, region table or log entry in place: each keeps its CRC-32C at offset 4. */
    public static byte[] sign(byte[] structure) {
        le(structure).putInt(4, crc32c(structure, 4));
        return structure;
    }

    public static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public byte[] header(int slot) throws IOException {
        return FileBytes.read(file, HEADER_SLOTS[slot], HEADER_SIZE);
    }

    public long sequenceNumber(int slot) throws IOException {
        return le(header(slot)).getLong(8);
    }

    /** The slot holding the header with the higher sequence number. */
    public int currentSlot() throws IOException {
        return Long.compareUnsigned(sequenceNumber(1), sequenceNumber(0)) > 0 ? 1 : 0;
    }

    public UUID logGuid() throws IOException {
        return GuidBytes.decode(header(currentSlot()), 48);
    }

    public UUID dataWriteGuid() throws IOException {
        return GuidBytes.decode(header(currentSlot()), 32);
    }

    /**
     * Applies {@code change} to the current header and stores the result in both slots with higher sequence
     * numbers and fresh CRCs, the way the update protocol leaves a file.
     */
    public void rewriteHeaders(Consumer<ByteBuffer> change) throws IOException {
        int current = currentSlot();
        byte[] header = header(current);
        change.accept(le(header));
        long sequence = le(header).getLong(8);
        for (int i = 1; i <= 2; i++) {
            int slot = (current + i) % 2;
            le(header).putLong(8, sequence + i);
            sign(header);
            FileBytes.write(file, HEADER_SLOTS[slot], header);
        }
    }

    public void setLogGuid(UUID guid) throws IOException {
        rewriteHeaders(h -> h.put(48, GuidBytes.encode(guid)));
    }

    public byte[] regionTable(int slot) throws IOException {
        return FileBytes.read(file, REGION_TABLE_SLOTS[slot], REGION_TABLE_SIZE);
    }

    /** Changes both region table copies the same way and fixes their CRCs. */
    public void patchRegionTables(Consumer<ByteBuffer> change) throws IOException {
        byte[] table = regionTable(0);
        change.accept(le(table));
        sign(table);
        for (long slot : REGION_TABLE_SLOTS) {
            FileBytes.write(file, slot, table);
        }
    }

    public int regionCount() throws IOException {
        return le(regionTable(0)).getInt(8);
    }

    /** Position of the region's entry in the region table, or -1. */
    public int regionEntryIndex(UUID region) throws IOException {
        byte[] table = regionTable(0);
        for (int i = 0; i < regionCount(); i++) {
            if (GuidBytes.decode(table, 16 + 32 * i).equals(region)) {
                return i;
            }
        }
        return -1;
    }

    public long regionOffset(UUID region) throws IOException {
        return le(regionTable(0)).getLong(16 + 32 * regionEntryIndex(region) + 16);
    }

    public long batOffset() throws IOException {
        return regionOffset(BAT_REGION);
    }

    public long metadataOffset() throws IOException {
        return regionOffset(METADATA_REGION);
    }

    public long batEntry(int index) throws IOException {
        return le(FileBytes.read(file, batOffset() + 8L * index, 8)).getLong(0);
    }

    public void setBatEntry(int index, long entry) throws IOException {
        byte[] bytes = new byte[8];
        le(bytes).putLong(0, entry);
        FileBytes.write(file, batOffset() + 8L * index, bytes);
    }

    /** A BAT entry: state in bits 0-2, file offset in MiB from bit 20. */
    public static long batEntry(int state, long fileOffset) {
        return (fileOffset / MIB) << 20 | state;
    }

    public byte[] metadataTable() throws IOException {
        return FileBytes.read(file, metadataOffset(), 64 * 1024);
    }

    public void patchMetadataTable(Consumer<ByteBuffer> change) throws IOException {
        byte[] table = metadataTable();
        change.accept(le(table));
        FileBytes.write(file, metadataOffset(), table);
    }

    /** File offset of a metadata item's data, found through the metadata table. */
    public long metadataItemOffset(UUID item) throws IOException {
        byte[] table = metadataTable();
        return metadataOffset() + Integer.toUnsignedLong(le(table).getInt(metadataEntry(table, item) + 16));
    }

    /** Replaces the parent locator item (the last item the engine writes) and its length in the table. */
    public void replaceParentLocator(byte[] item) throws IOException {
        FileBytes.write(file, metadataItemOffset(PARENT_LOCATOR_ITEM), item);
        byte[] table = metadataTable();
        le(table).putInt(metadataEntry(table, PARENT_LOCATOR_ITEM) + 20, item.length);
        FileBytes.write(file, metadataOffset(), table);
    }

    /** Position of {@code item}'s entry in the metadata {@code table}. */
    public static int metadataEntry(byte[] table, UUID item) {
        int count = le(table).getShort(10) & 0xFFFF;
        for (int i = 0; i < count; i++) {
            int at = 32 + 32 * i;
            if (GuidBytes.decode(table, at).equals(item)) {
                return at;
            }
        }
        throw new IllegalArgumentException("no metadata item " + item);
    }
}
