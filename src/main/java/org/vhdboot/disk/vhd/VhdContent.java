package org.vhdboot.disk.vhd;

import org.vhdboot.disk.BitmapCache;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.Extent;
import org.vhdboot.disk.LayerContent;
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
final class VhdContent implements LayerContent {
    private static final int SECTOR = 512;
    private static final int BITMAP_CACHE_BLOCKS = 1024;
    /** How far a batched session moves the footer ahead at once: one flush per this many bytes of new blocks. */
    private static final long RESERVE_BYTES = 64L << 20;

    private final Storage storage;
    private final VhdFooter footer;
    private final byte[] footerBytes;
    private final boolean differencing;
    /** Null for a fixed VHD, as is {@link #bat}. */
    private final DynamicHeader header;
    private final BlockAllocationTable bat;
    private final Durability durability;
    private final BitmapCache bitmaps = new BitmapCache(BITMAP_CACHE_BLOCKS);
    private final VhdBatch batch = new VhdBatch();
    /** Where the footer lies in the file. */
    private long footerOffset;
    /** Where the next block goes: the footer's place, or before it inside a batched session's reserved space. */
    private long nextFree;

    VhdContent(Storage storage, FooterCopies footers, DynamicHeader header, BlockAllocationTable bat,
               long footerOffset, Durability durability) {
        this.storage = storage;
        this.footer = footers.footer();
        this.footerBytes = footers.bytes();
        this.differencing = footer.type() == DiskType.DIFFERENCING;
        this.header = header;
        this.bat = bat;
        this.footerOffset = footerOffset;
        this.nextFree = footerOffset;
        this.durability = durability;
    }

    /** Where the footer at the end of the file lies; it moves as blocks are allocated. */
    long footerOffset() {
        return footerOffset;
    }

    /** Virtual-disk bytes in allocated blocks, from the BAT alone; the whole disk for a fixed VHD. */
    @Override
    public long storedBytes() {
        return header == null ? footer.currentSize() : bat.allocatedBytes(header.blockSize(), footer.currentSize());
    }

    /** Where the bytes at {@code offset} live: stored here, in the parent, or nowhere (zeros). */
    @Override
    public Extent map(long offset, long maxLength) throws IOException {
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
        SectorBitmap held = batch.heldBitmap(block);
        if (held != null) {
            return held;
        }
        return bitmaps.get(block, b -> new SectorBitmap(storage.readBytes(bat.blockOffset(b), header.bitmapSize()),
                SectorBitmap.BitOrder.MSB_FIRST));
    }

    @Override
    public void readStored(long fileOffset, ByteBuffer dst) throws IOException {
        storage.read(fileOffset, dst);
    }

    /** Writes whole sectors; {@code offset} and the length are multiples of 512. */
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
            } else if (durability == Durability.BATCHED) {
                allocateInBatch(block, inBlock, part);
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
        long newFooterOffset = start + blockSpan();
        SectorBitmap bitmap = newBlockBitmap(inBlock, data);
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
        nextFree = newFooterOffset;
    }

    /**
     * A new block in a batched session: bitmap and data into space the durable footer already lies beyond, so a
     * crash leaves them unreferenced; the BAT entry waits for {@link #flush}. The bitmap reaches the file now, as
     * nothing on disk points at it, and is cached, as reads in this session see the block through the BAT in memory.
     */
    private void allocateInBatch(int block, int inBlock, ByteBuffer data) throws IOException {
        if (nextFree == footerOffset) {
            reserve();
        }
        long start = nextFree;
        SectorBitmap bitmap = newBlockBitmap(inBlock, data);
        storage.writeBytes(start, bitmap.bytes());
        storage.write(start + header.bitmapSize() + inBlock, data);
        bat.set(block, start);
        bitmaps.put(block, bitmap);
        batch.allocated(block, start);
        nextFree = start + blockSpan();
    }

    /**
     * Moves the footer ahead over room for several new blocks (at most as many as the BAT has unallocated), flushed
     * before the first of them overwrites the old footer: the file ends in a durable footer at every instant.
     */
    private void reserve() throws IOException {
        long span = blockSpan();
        long unallocated = bat.size() - bat.allocatedCount();
        long blocks = Math.max(1, Math.min(RESERVE_BYTES / span, unallocated));
        long newFooterOffset = nextFree + blocks * span;
        storage.writeBytes(newFooterOffset, footerBytes);
        storage.force();
        footerOffset = newFooterOffset;
    }

    private long blockSpan() {
        return header.bitmapSize() + (long) header.blockSize();
    }

    private SectorBitmap newBlockBitmap(int inBlock, ByteBuffer data) {
        int bitmapSize = header.bitmapSize();
        if (!differencing) {
            // The rest of a new dynamic block lies past the old end of file, so it already reads as zeros.
            return SectorBitmap.full(bitmapSize, SectorBitmap.BitOrder.MSB_FIRST);
        }
        SectorBitmap bitmap = SectorBitmap.empty(bitmapSize, SectorBitmap.BitOrder.MSB_FIRST);
        bitmap.set(inBlock / SECTOR, data.remaining() / SECTOR);
        return bitmap;
    }

    /** Data first, then the bitmap bits that make it visible, each step flushed. */
    private void writeIntoBlock(int block, int inBlock, ByteBuffer data) throws IOException {
        long base = bat.blockOffset(block);
        int first = inBlock / SECTOR;
        int count = data.remaining() / SECTOR;
        storage.write(base + header.bitmapSize() + inBlock, data);
        SectorBitmap bitmap = bitmap(block);
        if (bitmap.allSet(first, count)) {
            return;
        }
        if (durability == Durability.BATCHED) {
            bitmap.set(first, count);
            batch.bitmapChanged(block, bitmap);
            return;
        }
        flushIfSafe();
        bitmap.set(first, count);
        storage.writeBytes(base, bitmap.bytes());
        flushIfSafe();
    }

    /**
     * Makes every write durable. A batched session's data is flushed first; then its BAT entries and bitmaps
     * are written, and the footer, written at the end of the last block it allocated, is made the file's end:
     * until the final flush, a crash finds each entry old or pointing at durable data, and either footer at the end.
     */
    @Override
    public void flush() throws IOException {
        if (batch.isEmpty() && nextFree == footerOffset) {
            storage.force();
            return;
        }
        boolean trim = nextFree < footerOffset;
        if (trim) {
            storage.writeBytes(nextFree, footerBytes);
        }
        storage.force();
        for (var held : batch.bitmaps().entrySet()) {
            storage.writeBytes(bat.blockOffset(held.getKey()), held.getValue().bytes());
        }
        for (var entry : batch.entries().entrySet()) {
            storage.writeBytes(header.tableOffset() + 4L * entry.getKey(),
                    BlockAllocationTable.entryBytes(entry.getValue()));
        }
        if (trim) {
            storage.truncate(nextFree + VhdFooter.SIZE);
            footerOffset = nextFree;
        }
        storage.force();
        batch.clear();
    }

    private void flushIfSafe() throws IOException {
        durability.flushAtStep(storage);
    }
}
