package org.vhdboot.disk.vhd;

import org.vhdboot.disk.FileRegions;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The 1024-byte header of a dynamic or differencing VHD, big-endian. */
public record DynamicHeader(
        long tableOffset,
        int maxTableEntries,
        int blockSize,
        UUID parentUniqueId,
        int parentTimestamp,
        String parentUnicodeName,
        List<ParentLocatorEntry> locators) {

    public static final int SIZE = 1024;
    public static final int HEADER_VERSION = 0x0001_0000;
    public static final int LOCATOR_COUNT = 8;
    private static final byte[] COOKIE = "cxsparse".getBytes(StandardCharsets.US_ASCII);
    private static final int CHECKSUM_OFFSET = 36;
    private static final int NAME_OFFSET = 64;
    private static final int NAME_BYTES = 512;
    private static final int LOCATORS_OFFSET = 576;
    static final int MIN_BLOCK_SIZE = 512;
    static final int MAX_BLOCK_SIZE = 256 << 20;

    public DynamicHeader {
        locators = List.copyOf(locators);
    }

    public static DynamicHeader parse(byte[] bytes, String where) throws InvalidImageException {
        for (int i = 0; i < COOKIE.length; i++) {
            if (bytes[i] != COOKIE[i]) {
                throw new InvalidImageException(where + ": no dynamic disk header (cookie \"cxsparse\" missing)");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int stored = b.getInt(CHECKSUM_OFFSET);
        int computed = VhdChecksum.compute(bytes, CHECKSUM_OFFSET);
        if (stored != computed) {
            throw new InvalidImageException(String.format(
                    "%s: dynamic header checksum mismatch (stored 0x%08X, computed 0x%08X)", where, stored, computed));
        }
        int version = b.getInt(24);
        if (version != HEADER_VERSION) {
            throw new InvalidImageException(String.format("%s: unknown dynamic header version 0x%08X", where, version));
        }
        int blockSize = b.getInt(32);
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new InvalidImageException(where + ": block size " + Integer.toUnsignedString(blockSize)
                    + " is not a power of two between 512 bytes and 256 MiB");
        }
        int entries = b.getInt(28);
        if (entries < 0) {
            throw new InvalidImageException(where + ": BAT entry count " + Integer.toUnsignedString(entries)
                    + " is absurd");
        }
        List<ParentLocatorEntry> locators = new ArrayList<>(LOCATOR_COUNT);
        for (int i = 0; i < LOCATOR_COUNT; i++) {
            locators.add(ParentLocatorEntry.parse(b, LOCATORS_OFFSET + i * ParentLocatorEntry.SIZE));
        }
        return new DynamicHeader(b.getLong(16), entries, blockSize, VhdFooter.uuid(b, 40), b.getInt(56),
                decodeName(bytes), locators);
    }

    private static String decodeName(byte[] bytes) {
        int end = NAME_OFFSET;
        while (end + 1 < NAME_OFFSET + NAME_BYTES && (bytes[end] != 0 || bytes[end + 1] != 0)) {
            end += 2;
        }
        return new String(bytes, NAME_OFFSET, end - NAME_OFFSET, StandardCharsets.UTF_16BE);
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.put(COOKIE);
        b.putLong(8, -1L);
        b.putLong(16, tableOffset);
        b.putInt(24, HEADER_VERSION);
        b.putInt(28, maxTableEntries);
        b.putInt(32, blockSize);
        b.putLong(40, parentUniqueId.getMostSignificantBits());
        b.putLong(48, parentUniqueId.getLeastSignificantBits());
        b.putInt(56, parentTimestamp);
        byte[] name = parentUnicodeName.getBytes(StandardCharsets.UTF_16BE);
        System.arraycopy(name, 0, bytes, NAME_OFFSET, Math.min(name.length, NAME_BYTES));
        for (int i = 0; i < LOCATOR_COUNT; i++) {
            ParentLocatorEntry entry = i < locators.size() ? locators.get(i) : ParentLocatorEntry.UNUSED;
            entry.writeTo(b, LOCATORS_OFFSET + i * ParentLocatorEntry.SIZE);
        }
        b.putInt(CHECKSUM_OFFSET, VhdChecksum.compute(bytes, CHECKSUM_OFFSET));
        return bytes;
    }

    /**
     * Reads the header a dynamic or differencing {@code footer} points at and checks it against the file: the
     * header and its BAT lie between the footer copy and the footer at {@code footerOffset}, apart, and the BAT
     * has entries enough for the virtual size, not absurdly more. Both are registered in {@code regions}.
     */
    static DynamicHeader read(Storage storage, VhdFooter footer, long footerOffset, FileRegions regions, String name)
            throws IOException {
        long headerOffset = footer.dataOffset();
        if (headerOffset < VhdFooter.SIZE || headerOffset > footerOffset - SIZE) {
            throw new InvalidImageException(name + ": dynamic header offset " + headerOffset
                    + " lies outside the file (" + (footerOffset + VhdFooter.SIZE) + " bytes)");
        }
        DynamicHeader header = parse(storage.readBytes(headerOffset, SIZE), name);
        header.checkTableEntries(footer.currentSize(), name);
        long tableOffset = header.tableOffset();
        if (tableOffset < VhdFooter.SIZE || tableOffset > footerOffset - header.tableBytes()) {
            throw new InvalidImageException(name + ": the BAT at offset " + tableOffset + " (" + header.tableBytes()
                    + " bytes) lies outside the file (" + (footerOffset + VhdFooter.SIZE) + " bytes)");
        }
        FileRegions.Region self = regions.add("the dynamic header", headerOffset, SIZE);
        if (self.overlaps(tableOffset, tableOffset + header.tableBytes())) {
            throw new InvalidImageException(name + ": the BAT overlaps the dynamic header");
        }
        regions.add("the BAT", tableOffset, header.tableBytes());
        return header;
    }

    /**
     * The BAT entry count, checked against the virtual size before anything is read: enough entries for the
     * disk, not absurdly more, and few enough that the table fits in memory.
     */
    private void checkTableEntries(long virtualSize, String name) throws InvalidImageException {
        long requiredEntries = (virtualSize + blockSize - 1) / blockSize;
        long entries = Integer.toUnsignedLong(maxTableEntries);
        if (entries < requiredEntries) {
            throw new InvalidImageException(name + ": the BAT has " + entries + " entries but a virtual size of "
                    + virtualSize + " bytes needs " + requiredEntries);
        }
        if (entries > requiredEntries + 1024) {
            throw new InvalidImageException(name + ": the BAT entry count " + entries
                    + " is absurd for a virtual size of " + virtualSize + " bytes");
        }
        if (entries > BlockAllocationTable.MAX_ENTRIES) {
            throw new InvalidImageException(name + ": " + entries + " blocks of " + blockSize + " bytes are"
                    + " more than vhdboot supports (" + BlockAllocationTable.MAX_ENTRIES + "); Windows makes 2 MiB"
                    + " or 512 KiB blocks");
        }
    }

    /** Bytes of the sector bitmap in front of each block, rounded up to whole sectors. */
    public int bitmapSize() {
        int bytes = (blockSize / 512 + 7) / 8;
        return (bytes + 511) / 512 * 512;
    }

    /** Bytes the BAT occupies on disk, padded to a sector. */
    public long tableBytes() {
        return (Integer.toUnsignedLong(maxTableEntries) * 4 + 511) / 512 * 512;
    }
}
