package org.vhdboot.disk.vhd;

import org.vhdboot.disk.BitmapCache;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.Extent;
import org.vhdboot.disk.SectorBitmap;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The virtual disk's bytes in a VHD file: linear for a fixed VHD, through the BAT and the sector bitmap in front
 * of each block otherwise (DiscUtils' DynamicStream). New blocks are allocated in a crash-safe order: the footer
 * moves to the new end first and is flushed, then bitmap and data are written and flushed, and only then does the
 * BAT entry point at the block. An interrupted write leaves at worst an unreferenced block.
 */
final class VhdContent {
    private static final int SECTOR = 512;
    private static final int BITMAP_CACHE_BLOCKS = 1024;

    private final Storage storage;
    private final VhdFooter footer;
    private final byte[] footerBytes;
    private final boolean differencing;
    /** Null for a fixed VHD, as is {@link #bat}. */
    private final DynamicHeader header;
    private final BlockAllocationTable bat;
    private final Durability durability;
    private final BitmapCache bitmaps = new BitmapCache(BITMAP_CACHE_BLOCKS);
    private long footerOffset;

    VhdContent(Storage storage, FooterCopies footers, DynamicHeader header, BlockAllocationTable bat,
               long footerOffset, Durability durability) {
        this.storage = storage;
        this.footer = footers.footer();
        this.footerBytes = footers.bytes();
        this.differencing = footer.type() == DiskType.DIFFERENCING;
        this.header = header;
        this.bat = bat;
        this.footerOffset = footerOffset;
        this.durability = durability;
    }

    /** Where the footer at the end of the file lies; it moves as blocks are allocated. */
    long footerOffset() {
        return footerOffset;
    }

    /** Virtual-disk bytes in allocated blocks, from the BAT alone; the whole disk for a fixed VHD. */
    long storedBytes() {
        return header == null ? footer.currentSize() : bat.allocatedBytes(header.blockSize(), footer.currentSize());
    }

    /** Where the bytes at {@code offset} live: stored here, in the parent, or nowhere (zeros). */
    Extent map(long offset, long maxLength) throws IOException {
        long limit = Math.min(maxLength, footer.currentSize() - offset);
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
            return differencing ? Extent.parent(run) : Extent.zero(run);
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
        return differencing ? Extent.parent(length) : Extent.zero(length);
    }

    private SectorBitmap bitmap(int block) throws IOException {
        return bitmaps.get(block, b -> new SectorBitmap(storage.readBytes(bat.blockOffset(b), header.bitmapSize()),
                SectorBitmap.BitOrder.MSB_FIRST));
    }

    void readStored(long fileOffset, ByteBuffer dst) throws IOException {
        storage.read(fileOffset, dst);
    }

    /** Writes whole sectors; {@code offset} and the length are multiples of 512. */
    void writeSectors(long offset, ByteBuffer src) throws IOException {
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
        if (differencing) {
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
}
