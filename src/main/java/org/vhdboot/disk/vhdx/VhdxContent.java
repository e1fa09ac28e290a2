package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.BitmapCache;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.Extent;
import org.vhdboot.disk.LayerContent;
import org.vhdboot.disk.FileRegions;
import org.vhdboot.disk.SectorBitmap;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * The virtual disk's bytes in a VHDX file, through its BAT and sector bitmaps: where each run lives, reading
 * stored runs, and writing, allocating blocks at the end of the file (DiscUtils' ContentStream). Metadata is not
 * written through the log; instead every change follows a crash-safe order: payload data, flush, sector bitmap,
 * flush, BAT entry, flush. Each BAT entry is one aligned 8-byte write, so an interrupted write leaves the old
 * entry or the new one, and the new one only ever points at data that is already on disk. A
 * {@link Durability#BATCHED} session holds bitmaps and BAT entries back until {@link #flush}, in the same order.
 */
final class VhdxContent implements LayerContent {
    private static final int BITMAP_CACHE_BLOCKS = 1024;
    private static final int BITMAP_READ_BYTES = 64 << 10;

    private final Storage storage;
    private final HeaderSlots headers;
    private final Durability durability;
    private final long blockSize;
    private final boolean differencing;
    private final long virtualSize;
    private final int logicalSectorSize;
    private final long batOffset;
    private final BlockAllocationTable bat;
    private final BitmapCache bitmaps = new BitmapCache(BITMAP_CACHE_BLOCKS);
    private final DeferredMetadata deferred = new DeferredMetadata();
    private long nextFree;

    private VhdxContent(Storage storage, HeaderSlots headers, Durability durability, VhdxMetadata metadata,
                        long batOffset, BlockAllocationTable.Loaded loaded) {
        this.storage = storage;
        this.headers = headers;
        this.durability = durability;
        this.blockSize = metadata.parameters().blockSize();
        this.differencing = metadata.parameters().hasParent();
        this.virtualSize = metadata.virtualSize();
        this.logicalSectorSize = metadata.logicalSectorSize();
        this.batOffset = batOffset;
        this.bat = loaded.bat();
        this.nextFree = loaded.nextFree();
    }

    /** Reads and validates the BAT of {@code region}; data written later renews the DataWriteGuid in {@code headers}. */
    static VhdxContent open(Storage storage, RegionTable.Entry region, VhdxMetadata metadata, FileRegions structures,
                            HeaderSlots headers, Durability durability, String name) throws IOException {
        BlockAllocationTable.Loaded loaded = BlockAllocationTable.load(storage, region, metadata, structures, name);
        return new VhdxContent(storage, headers, durability, metadata, region.fileOffset(), loaded);
    }

    BlockAllocationTable bat() {
        return bat;
    }

    /** Virtual-disk bytes in present blocks, from the BAT alone. */
    @Override
    public long storedBytes() {
        return bat.presentBytes(blockSize, virtualSize);
    }

    private int sectorsPerBlock() {
        return (int) (blockSize / logicalSectorSize);
    }

    /** Where the bytes at {@code offset} live: stored here, in the parent, or nowhere (zeros). */
    @Override
    public Extent map(long offset, long maxLength) throws IOException {
        long limit = Math.min(maxLength, virtualSize - offset);
        long block = offset / blockSize;
        long inBlock = offset % blockSize;
        long run = Math.min(limit, blockSize - inBlock);
        int index = bat.payloadIndex(block);
        PayloadState state = PayloadState.of(bat.state(index));
        if (state == PayloadState.FULLY_PRESENT) {
            return Extent.stored(run, bat.fileOffset(index) + inBlock);
        }
        if (state == PayloadState.PARTIALLY_PRESENT) {
            SectorBitmap bitmap = bitmap(block);
            int sector = (int) (inBlock / logicalSectorSize);
            long headBytes = logicalSectorSize - inBlock % logicalSectorSize;
            int more = (int) ((Math.max(0, run - headBytes) + logicalSectorSize - 1) / logicalSectorSize);
            int sectors = bitmap.runLength(sector, 1 + more);
            long length = Math.min(run, headBytes + (long) (sectors - 1) * logicalSectorSize);
            return bitmap.isSet(sector) ? Extent.stored(length, bat.fileOffset(index) + inBlock) : Extent.parent(length);
        }
        boolean parent = state == PayloadState.NOT_PRESENT && differencing;
        // The blocks after this one often answer alike (an empty disk is all of them): one extent covers them.
        for (long next = block + 1; run < limit && next * blockSize < virtualSize; next++) {
            PayloadState following = PayloadState.of(bat.state(bat.payloadIndex(next)));
            boolean stored = following == PayloadState.FULLY_PRESENT || following == PayloadState.PARTIALLY_PRESENT;
            if (stored || (following == PayloadState.NOT_PRESENT && differencing) != parent) {
                break;
            }
            run = Math.min(limit, run + blockSize);
        }
        return parent ? Extent.parent(run) : Extent.zero(run);
    }

    /** The bits of one payload block inside its chunk's sector bitmap block. */
    private SectorBitmap bitmap(long block) throws IOException {
        return bitmaps.get((int) block, this::readBitmaps);
    }

    /**
     * Reads the bitmap of {@code block} together with those of the blocks after it in the same chunk, in one
     * read of at most {@link #BITMAP_READ_BYTES}: they lie side by side in the chunk's sector bitmap block,
     * and a pass over the disk needs them next. Reading them one by one was most of the reads of a deep chain.
     * The neighbours go into the cache, which every bitmap write keeps current.
     */
    private SectorBitmap readBitmaps(int block) throws IOException {
        int bytes = sectorsPerBlock() / 8;
        long payloadBlocks = (virtualSize + blockSize - 1) / blockSize;
        long chunkEnd = (block / bat.chunkRatio() + 1) * bat.chunkRatio();
        int count = (int) Math.max(1, Math.min(Math.min(chunkEnd, payloadBlocks) - block,
                Math.min(BITMAP_READ_BYTES / bytes, BITMAP_CACHE_BLOCKS / 4)));
        byte[] window = storage.readBytes(bitmapPosition(block), count * bytes);
        deferred.overlay(bitmapPosition(block), window);
        for (int i = 1; i < count; i++) {
            bitmaps.put(block + i, new SectorBitmap(Arrays.copyOfRange(window, i * bytes, (i + 1) * bytes),
                    SectorBitmap.BitOrder.LSB_FIRST));
        }
        return new SectorBitmap(Arrays.copyOf(window, bytes), SectorBitmap.BitOrder.LSB_FIRST);
    }

    private long bitmapPosition(long block) {
        long chunk = block / bat.chunkRatio();
        long firstSector = (block % bat.chunkRatio()) * sectorsPerBlock();
        return bat.fileOffset(bat.bitmapIndex(chunk)) + firstSector / 8;
    }

    @Override
    public void readStored(long fileOffset, ByteBuffer dst) throws IOException {
        storage.read(fileOffset, dst);
    }

    /** Writes whole logical sectors; {@code offset} and the length are multiples of the sector size. */
    @Override
    public void writeSectors(long offset, ByteBuffer src) throws IOException {
        if (offset % logicalSectorSize != 0 || src.remaining() % logicalSectorSize != 0) {
            throw new IllegalArgumentException("unaligned sector write at " + offset);
        }
        headers.beginDataWrite(storage);
        long at = offset;
        while (src.hasRemaining()) {
            long block = at / blockSize;
            int inBlock = (int) (at % blockSize);
            int n = (int) Math.min(src.remaining(), blockSize - inBlock);
            ByteBuffer part = src.slice(src.position(), n);
            int index = bat.payloadIndex(block);
            PayloadState state = PayloadState.of(bat.state(index));
            if (state == PayloadState.FULLY_PRESENT) {
                storage.write(bat.fileOffset(index) + inBlock, part);
            } else if (state == PayloadState.PARTIALLY_PRESENT) {
                writePartiallyPresent(block, index, inBlock, part);
            } else {
                allocate(block, index, state, inBlock, part);
            }
            src.position(src.position() + n);
            at += n;
        }
    }

    /** Data in place, flush, then the bitmap bits that make it visible, flush. */
    private void writePartiallyPresent(long block, int index, int inBlock, ByteBuffer data) throws IOException {
        int first = inBlock / logicalSectorSize;
        int count = data.remaining() / logicalSectorSize;
        storage.write(bat.fileOffset(index) + inBlock, data);
        SectorBitmap bitmap = bitmap(block);
        if (!bitmap.allSet(first, count)) {
            flushIfSafe();
            bitmap.set(first, count);
            writeBitmap(block, bitmap);
            flushIfSafe();
        }
    }

    /**
     * A new payload block at the end of the file. Its unwritten sectors read as zeros (fresh file space) or,
     * in a child whose block was not present, from the parent through exact bitmap bits.
     */
    private void allocate(long block, int index, PayloadState previous, int inBlock, ByteBuffer data) throws IOException {
        long blockBytes = Math.min(blockSize, virtualSize - block * blockSize);
        boolean whole = inBlock == 0 && data.remaining() >= blockBytes;
        boolean partial = differencing && previous == PayloadState.NOT_PRESENT && !whole;
        int firstSector = inBlock / logicalSectorSize;
        int sectors = data.remaining() / logicalSectorSize;
        long offset = claim(blockSize);
        storage.write(offset + inBlock, data);
        int nextState = PayloadState.FULLY_PRESENT.code();
        if (partial) {
            long chunk = block / bat.chunkRatio();
            int bitmapIndex = bat.bitmapIndex(chunk);
            boolean newBitmapBlock = bat.state(bitmapIndex) != BlockAllocationTable.SB_PRESENT;
            if (newBitmapBlock) {
                long bitmapOffset = claim(MIB);
                bat.set(bitmapIndex, BlockAllocationTable.entry(BlockAllocationTable.SB_PRESENT, bitmapOffset));
            }
            // Bits left over from an interrupted earlier allocation of this block are overwritten exactly.
            SectorBitmap bitmap = SectorBitmap.empty(sectorsPerBlock() / 8, SectorBitmap.BitOrder.LSB_FIRST);
            bitmap.set(firstSector, sectors);
            writeBitmap(block, bitmap);
            flushIfSafe();
            if (newBitmapBlock) {
                writeBatEntry(bitmapIndex);
                flushIfSafe();
            }
            bitmaps.put((int) block, bitmap);
            nextState = PayloadState.PARTIALLY_PRESENT.code();
        } else {
            flushIfSafe();
        }
        bat.set(index, BlockAllocationTable.entry(nextState, offset));
        writeBatEntry(index);
        flushIfSafe();
    }

    /** Reserves {@code bytes} of fresh, zero file space at the 1 MiB aligned end, extending the file over it. */
    private long claim(long bytes) throws IOException {
        long offset = nextFree;
        nextFree += (bytes + MIB - 1) / MIB * MIB;
        if (storage.size() < offset + bytes) {
            storage.writeBytes(offset + bytes - 1, new byte[1]);
        }
        return offset;
    }

    private void writeBatEntry(int index) throws IOException {
        long position = BlockAllocationTable.entryPosition(batOffset, index);
        byte[] bytes = BlockAllocationTable.entryBytes(bat.raw(index));
        if (durability == Durability.BATCHED) {
            deferred.entry(position, bytes, bat.isBitmapIndex(index));
        } else {
            storage.writeBytes(position, bytes);
        }
    }

    private void writeBitmap(long block, SectorBitmap bitmap) throws IOException {
        if (durability == Durability.BATCHED) {
            deferred.bitmap(bitmapPosition(block), bitmap.bytes());
        } else {
            storage.writeBytes(bitmapPosition(block), bitmap.bytes());
        }
    }

    /** The crash-safe order's flush points; a batched session holds its metadata back instead ({@link #flush}). */
    private void flushIfSafe() throws IOException {
        if (durability != Durability.BATCHED) {
            durability.flushAtStep(storage);
        }
    }

    /** Makes every write durable: a batched session's held-back metadata is written after its data ({@link DeferredMetadata}). */
    @Override
    public void flush() throws IOException {
        if (!deferred.commit(storage)) {
            storage.force();
        }
    }
}
