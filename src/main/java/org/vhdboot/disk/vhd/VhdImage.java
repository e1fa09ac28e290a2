package org.vhdboot.disk.vhd;

import org.vhdboot.disk.BitmapCache;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.Extent;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.SectorBitmap;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An open VHD file (fixed, dynamic or differencing). New blocks are allocated in a crash-safe order: the
 * footer moves to the new end first and is flushed, then bitmap and data are written and flushed, and only then
 * does the BAT entry point at the block. An interrupted write leaves at worst an unreferenced block.
 */
final class VhdImage implements Layer {
    private static final int SECTOR = 512;
    private static final int BITMAP_CACHE_BLOCKS = 1024;

    private final Storage storage;
    private final String name;
    private final FooterCopies footers;
    private final VhdFooter footer;
    private final byte[] footerBytes;
    private final DynamicHeader header;
    private final BlockAllocationTable bat;
    private final VhdParentLink parentLink;
    private final Durability durability;
    private final List<long[]> metadataRanges;
    private final BitmapCache bitmaps = new BitmapCache(BITMAP_CACHE_BLOCKS);
    private long footerOffset;

    private VhdImage(Storage storage, FooterCopies footers, DynamicHeader header, BlockAllocationTable bat,
                     VhdParentLink parentLink, List<long[]> metadataRanges, long footerOffset, Durability durability) {
        this.storage = storage;
        this.name = storage.path().getFileName().toString();
        this.footers = footers;
        this.footer = footers.footer();
        this.footerBytes = footers.bytes();
        this.header = header;
        this.bat = bat;
        this.parentLink = parentLink;
        this.metadataRanges = metadataRanges;
        this.footerOffset = footerOffset;
        this.durability = durability;
    }

    /** Opens and validates a VHD. Takes ownership of {@code storage}. */
    public static VhdImage open(Storage storage, Durability durability, ParentPaths paths) throws IOException {
        String name = storage.path().getFileName().toString();
        long fileSize = storage.size();
        if (fileSize < VhdFooter.SIZE) {
            throw new InvalidImageException(name + " is too small to be a VHD (" + fileSize + " bytes)");
        }
        long footerOffset = fileSize - VhdFooter.SIZE;
        FooterCopies footers = FooterCopies.read(storage, name);
        VhdFooter footer = footers.footer();
        if (footer.type() == DiskType.FIXED) {
            if (footerOffset < footer.currentSize()) {
                throw new InvalidImageException(name + ": fixed VHD declares " + footer.currentSize()
                        + " bytes of data but the file holds only " + footerOffset + "; it is truncated");
            }
            return new VhdImage(storage, footers, null, null, null, List.of(), footerOffset, durability);
        }
        long headerOffset = footer.dataOffset();
        if (headerOffset < VhdFooter.SIZE || headerOffset > footerOffset - DynamicHeader.SIZE) {
            throw new InvalidImageException(name + ": dynamic header offset " + headerOffset
                    + " lies outside the file (" + fileSize + " bytes)");
        }
        DynamicHeader header = DynamicHeader.parse(storage.readBytes(headerOffset, DynamicHeader.SIZE), name);
        int entries = tableEntries(footer, header, name);
        long tableOffset = header.tableOffset();
        if (tableOffset < VhdFooter.SIZE || tableOffset > footerOffset - header.tableBytes()) {
            throw new InvalidImageException(name + ": the BAT at offset " + tableOffset + " (" + header.tableBytes()
                    + " bytes) lies outside the file (" + fileSize + " bytes)");
        }
        long tableEnd = tableOffset + header.tableBytes();
        if (overlaps(tableOffset, tableEnd, headerOffset, headerOffset + DynamicHeader.SIZE)) {
            throw new InvalidImageException(name + ": the BAT overlaps the dynamic header");
        }
        List<long[]> metadata = new ArrayList<>();
        metadata.add(new long[] {0, VhdFooter.SIZE});
        metadata.add(new long[] {headerOffset, headerOffset + DynamicHeader.SIZE});
        metadata.add(new long[] {tableOffset, tableEnd});
        VhdParentLink link = footer.type() == DiskType.DIFFERENCING
                ? readParentLink(storage, footer, header, footerOffset, metadata, paths) : null;
        BlockAllocationTable bat = BlockAllocationTable.read(storage, tableOffset, entries);
        bat.validate(name, header.bitmapSize() + (long) header.blockSize(), footerOffset, metadata);
        return new VhdImage(storage, footers, header, bat, link, metadata, footerOffset, durability);
    }

    /**
     * The BAT entry count, checked against the virtual size before anything is read: enough entries for the
     * disk, not absurdly more, and few enough that the table fits in memory.
     */
    private static int tableEntries(VhdFooter footer, DynamicHeader header, String name) throws InvalidImageException {
        long requiredEntries = (footer.currentSize() + header.blockSize() - 1) / header.blockSize();
        long entries = Integer.toUnsignedLong(header.maxTableEntries());
        if (entries < requiredEntries) {
            throw new InvalidImageException(name + ": the BAT has " + entries + " entries but a virtual size of "
                    + footer.currentSize() + " bytes needs " + requiredEntries);
        }
        if (entries > requiredEntries + 1024) {
            throw new InvalidImageException(name + ": the BAT entry count " + entries
                    + " is absurd for a virtual size of " + footer.currentSize() + " bytes");
        }
        if (entries > BlockAllocationTable.MAX_ENTRIES) {
            throw new InvalidImageException(name + ": " + entries + " blocks of " + header.blockSize() + " bytes are"
                    + " more than vhdboot supports (" + BlockAllocationTable.MAX_ENTRIES + "); Windows makes 2 MiB"
                    + " or 512 KiB blocks");
        }
        return (int) entries;
    }

    /** The W2ru and W2ku locators of a differencing VHD; each one's data is range-checked and added to {@code metadata}. */
    private static VhdParentLink readParentLink(Storage storage, VhdFooter footer, DynamicHeader header,
                                               long footerOffset, List<long[]> metadata, ParentPaths paths)
            throws IOException {
        String name = storage.path().getFileName().toString();
        Map<Integer, String> values = new LinkedHashMap<>();
        for (ParentLocatorEntry locator : header.locators()) {
            if (!locator.used() || locator.dataLength() == 0) {
                continue;
            }
            long start = locator.dataOffset();
            long length = Integer.toUnsignedLong(locator.dataLength());
            if (start < VhdFooter.SIZE || length > 65536 || start > footerOffset - length) {
                throw new InvalidImageException(name + ": parent locator " + locator.platformName()
                        + " points outside the file (offset " + start + ", " + length + " bytes)");
            }
            metadata.add(new long[] {start, start + (length + SECTOR - 1) / SECTOR * SECTOR});
            values.putIfAbsent(locator.platformCode(), locator.decode(storage.readBytes(start, (int) length)));
        }
        return new VhdParentLink(header, values, footer.currentSize(), paths);
    }

    private static boolean overlaps(long aStart, long aEnd, long bStart, long bEnd) {
        return aStart < bEnd && bStart < aEnd;
    }

    public VhdFooter footer() {
        return footer;
    }

    public Optional<DynamicHeader> header() {
        return Optional.ofNullable(header);
    }

    @Override
    public java.nio.file.Path path() {
        return storage.path();
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.VHD;
    }

    @Override
    public DiskType type() {
        return footer.type();
    }

    @Override
    public long virtualSize() {
        return footer.currentSize();
    }

    @Override
    public int logicalSectorSize() {
        return SECTOR;
    }

    @Override
    public long blockSize() {
        return header == null ? 0 : header.blockSize();
    }

    @Override
    public boolean writable() {
        return storage.writable();
    }

    @Override
    public Optional<UUID> linkId() {
        return Optional.of(footer.uniqueId());
    }

    @Override
    public Optional<ParentLink> parentLink() {
        return Optional.ofNullable(parentLink);
    }

    @Override
    public Extent map(long offset, long maxLength) throws IOException {
        long limit = Math.min(maxLength, virtualSize() - offset);
        if (header == null) {
            return Extent.stored(limit, offset);
        }
        int blockSize = header.blockSize();
        int block = (int) (offset / blockSize);
        long inBlock = offset % blockSize;
        long run = Math.min(limit, blockSize - inBlock);
        if (!bat.allocated(block)) {
            // Unallocated blocks after this one answer alike: one extent covers them all.
            for (int next = block + 1; run < limit && next < bat.size() && !bat.allocated(next); next++) {
                run = Math.min(limit, run + blockSize);
            }
            return type() == DiskType.DIFFERENCING ? Extent.parent(run) : Extent.zero(run);
        }
        SectorBitmap bitmap = bitmap(block);
        int sector = (int) (inBlock / SECTOR);
        long headBytes = SECTOR - inBlock % SECTOR;
        int moreSectors = (int) ((Math.max(0, run - headBytes) + SECTOR - 1) / SECTOR);
        int sectors = bitmap.runLength(sector, 1 + moreSectors);
        long length = Math.min(run, headBytes + (long) (sectors - 1) * SECTOR);
        if (bitmap.isSet(sector)) {
            return Extent.stored(length, bat.blockOffset(block) + header.bitmapSize() + inBlock);
        }
        return type() == DiskType.DIFFERENCING ? Extent.parent(length) : Extent.zero(length);
    }

    private SectorBitmap bitmap(int block) throws IOException {
        return bitmaps.get(block, b -> new SectorBitmap(storage.readBytes(bat.blockOffset(b), header.bitmapSize()),
                SectorBitmap.BitOrder.MSB_FIRST));
    }

    @Override
    public void readStored(long fileOffset, ByteBuffer dst) throws IOException {
        storage.read(fileOffset, dst);
    }

    @Override
    public void writeSectors(long offset, ByteBuffer src) throws IOException {
        if (offset % SECTOR != 0 || src.remaining() % SECTOR != 0) {
            throw new IllegalArgumentException("unaligned sector write at " + offset);
        }
        if (header == null) {
            storage.write(offset, src);
            return;
        }
        int blockSize = header.blockSize();
        long at = offset;
        while (src.hasRemaining()) {
            int block = (int) (at / blockSize);
            int inBlock = (int) (at % blockSize);
            int n = Math.min(src.remaining(), blockSize - inBlock);
            ByteBuffer part = src.slice(src.position(), n);
            if (bat.allocated(block)) {
                writeIntoBlock(block, inBlock, part);
            } else {
                allocateBlock(block, inBlock, part);
            }
            src.position(src.position() + n);
            at += n;
        }
    }

    /**
     * The order of reference section 1.10 with one more flush: footer at the new end, flush, then bitmap and
     * data, flush, then the BAT entry, flush.
     */
    private void allocateBlock(int block, int inBlock, ByteBuffer data) throws IOException {
        int bitmapSize = header.bitmapSize();
        long start = footerOffset;
        long newFooterOffset = start + bitmapSize + header.blockSize();
        SectorBitmap bitmap;
        if (type() == DiskType.DIFFERENCING) {
            bitmap = SectorBitmap.empty(bitmapSize, SectorBitmap.BitOrder.MSB_FIRST);
            bitmap.set(inBlock / SECTOR, data.remaining() / SECTOR);
        } else {
            // The rest of a new dynamic block lies past the old end of file, so it already reads as zeros.
            bitmap = SectorBitmap.full(bitmapSize, SectorBitmap.BitOrder.MSB_FIRST);
        }
        storage.writeBytes(newFooterOffset, footerBytes);
        // The bitmap overwrites the old footer: the new one must be durable first, or a crash that keeps the
        // bitmap but loses the footer leaves a file that ends in no footer at all.
        flushIfSafe();
        storage.writeBytes(start, bitmap.bytes());
        storage.write(start + bitmapSize + inBlock, data);
        flushIfSafe();
        storage.writeBytes(header.tableOffset() + 4L * block, BlockAllocationTable.entryBytes(start));
        flushIfSafe();
        bat.set(block, start);
        bitmaps.put(block, bitmap);
        footerOffset = newFooterOffset;
    }

    /** Data first, then the bitmap bits that make it visible, each step flushed. */
    private void writeIntoBlock(int block, int inBlock, ByteBuffer data) throws IOException {
        long base = bat.blockOffset(block);
        int first = inBlock / SECTOR;
        int count = data.remaining() / SECTOR;
        storage.write(base + header.bitmapSize() + inBlock, data);
        SectorBitmap bitmap = bitmap(block);
        if (!bitmap.allSet(first, count)) {
            flushIfSafe();
            bitmap.set(first, count);
            storage.writeBytes(base, bitmap.bytes());
            flushIfSafe();
        }
    }

    private void flushIfSafe() throws IOException {
        durability.flushAtStep(storage);
    }

    @Override
    public void flush() throws IOException {
        storage.force();
    }

    @Override
    public long storedBytes() {
        return header == null ? virtualSize() : bat.allocatedBytes(header.blockSize(), virtualSize());
    }

    @Override
    public LayerInfo info() throws IOException {
        long fileSize = storage.size();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("created", VhdTimestamp.toInstant(footer.timestamp()).toString());
        details.put("geometry", footer.geometry().toString());
        details.put("original_size", footer.originalSize());
        details.put("features", String.format("0x%08X", footer.features()));
        details.put("saved_state", footer.savedState() != 0);
        long allocated = footer.currentSize();
        long blockSize = 0;
        if (header != null) {
            blockSize = header.blockSize();
            int used = bat.allocatedCount();
            details.put("header_offset", footer.dataOffset());
            details.put("bat_offset", header.tableOffset());
            details.put("bat_entries", bat.size());
            details.put("allocated_blocks", used);
            allocated = storedBytes();
        }
        Map<String, String> link = parentLink == null ? Map.of() : parentLink.fields();
        return new LayerInfo(path().toString(), DiskFormat.VHD, type(), virtualSize(), fileSize, allocated,
                blockSize, SECTOR, SECTOR, footer.uniqueId().toString(), footer.creator(), details, link);
    }

    @Override
    public List<String> check() throws IOException {
        List<String> problems = new ArrayList<>(findings());
        if ((footer.features() & VhdFooter.FEATURES_RESERVED) == 0) {
            problems.add(name + ": footer features field lacks the reserved bit 0x2");
        }
        if (header == null) {
            return problems;
        }
        problems.addAll(bat.overlaps(name, header.bitmapSize() + (long) header.blockSize(), storage.size()));
        for (int i = 3; i < metadataRanges.size(); i++) {
            long[] locator = metadataRanges.get(i);
            for (int j = 0; j < 3; j++) {
                if (overlaps(locator[0], locator[1], metadataRanges.get(j)[0], metadataRanges.get(j)[1])) {
                    problems.add(name + ": a parent locator's data at offset " + locator[0]
                            + " overlaps the footer copy, header or BAT");
                }
            }
        }
        if (parentLink != null) {
            Map<String, String> fields = parentLink.fields();
            if (!fields.containsKey("W2ru") && !fields.containsKey("W2ku")) {
                problems.add(name + ": differencing image has neither a W2ru nor a W2ku parent locator;"
                        + " Windows may not find its parent");
            }
        }
        return problems;
    }

    /** A damaged footer at the end of the file, read through its copy at offset 0. */
    @Override
    public List<String> findings() {
        if (!footers.trailingDamaged()) {
            return List.of();
        }
        return List.of(footers.trailingDamage() + "; the copy at offset 0 is in use (`vhdboot vhd check --repair`"
                + " rewrites the footer from it)");
    }

    /** Whether {@code check --repair} has work here: a damaged footer at the end of the file. */
    public boolean needsRepair() {
        return footers.trailingDamaged();
    }

    /** Writes the footer in use (the intact copy) over the damaged one at the end: one sector, then a flush. */
    public void rewriteFooter() throws IOException {
        storage.writeBytes(footerOffset, footerBytes);
        storage.force();
    }

    @Override
    public void close() throws IOException {
        try {
            if (storage.writable()) {
                storage.force();
            }
        } finally {
            storage.close();
        }
    }
}
