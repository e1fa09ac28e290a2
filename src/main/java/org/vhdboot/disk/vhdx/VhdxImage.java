package org.vhdboot.disk.vhdx;

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
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An open VHDX file. Metadata is not written through the log; instead every structure change follows a
 * crash-safe order: payload data, flush, sector bitmap, flush, BAT entry, flush. Each BAT entry is one
 * aligned 8-byte write, so an interrupted write leaves the old entry or the new one, and the new one only
 * ever points at data that is already on disk.
 */
final class VhdxImage implements Layer {
    static final long MIB = 1 << 20;
    static final long MAX_VIRTUAL_SIZE = 64L << 40;
    private static final int BITMAP_CACHE_BLOCKS = 1024;
    private static final int BITMAP_READ_BYTES = 64 << 10;
    /** Entries beyond this would need more memory for the BAT than an image is worth. */
    static final long MAX_BAT_ENTRIES = 1L << 25;

    private final Storage storage;
    private final String name;
    private final FileTypeIdentifier identifier;
    private final RegionTable regions;
    private final List<String> openFindings;
    private final long batOffset;
    private final MetadataTable metadataTable;
    private final FileParameters parameters;
    private final long virtualSize;
    private final int logicalSectorSize;
    private final int physicalSectorSize;
    private final UUID page83;
    private final BlockAllocationTable bat;
    private final VhdxParentLink parentLink;
    private final Durability durability;
    private final String logState;
    private final BitmapCache bitmaps = new BitmapCache(BITMAP_CACHE_BLOCKS);
    private final HeaderSlots headers;
    private long nextFree;

    private VhdxImage(Builder b) {
        this.storage = b.storage;
        this.name = b.storage.path().getFileName().toString();
        this.identifier = b.identifier;
        this.regions = b.regions;
        this.openFindings = b.findings;
        this.batOffset = b.batOffset;
        this.metadataTable = b.metadataTable;
        this.parameters = b.parameters;
        this.virtualSize = b.virtualSize;
        this.logicalSectorSize = b.logicalSectorSize;
        this.physicalSectorSize = b.physicalSectorSize;
        this.page83 = b.page83;
        this.bat = b.bat;
        this.parentLink = b.parentLink;
        this.durability = b.durability;
        this.logState = b.logState;
        this.headers = b.headers;
        this.nextFree = b.nextFree;
    }

    /** Collects what {@link #open} parses before the image exists. */
    private static final class Builder {
        Storage storage;
        FileTypeIdentifier identifier;
        HeaderSlots headers;
        RegionTable regions;
        List<String> findings = new ArrayList<>();
        long batOffset;
        MetadataTable metadataTable;
        FileParameters parameters;
        long virtualSize;
        int logicalSectorSize;
        int physicalSectorSize;
        UUID page83;
        BlockAllocationTable bat;
        VhdxParentLink parentLink;
        Durability durability;
        String logState = "empty";
        long nextFree;
    }

    /** Opens and validates a VHDX, dealing with a non-empty log as {@code mode} says. Takes ownership of {@code file}. */
    public static VhdxImage open(Storage file, Durability durability, ParentPaths paths, VhdxOpenMode mode)
            throws IOException {
        String name = file.path().getFileName().toString();
        long storedSize = file.size();
        if (storedSize < 4 * MIB) {
            throw new InvalidImageException(name + " is too small to be a VHDX (" + storedSize + " bytes)");
        }
        Builder b = new Builder();
        b.durability = durability;
        b.identifier = FileTypeIdentifier.parse(file.readBytes(0, FileTypeIdentifier.READ_SIZE), name);
        b.headers = HeaderSlots.read(file, name, durability);
        b.storage = file;
        if (!b.headers.current().logEmpty()) {
            b.storage = replayLog(file, b, mode, name);
            // The log may rewrite the identifier; what counts is the file as replayed.
            b.identifier = FileTypeIdentifier.parse(b.storage.readBytes(0, FileTypeIdentifier.READ_SIZE), name);
        }
        Storage view = b.storage;
        // Regions must lie in the file as stored: the zeros a log replay appends hold no BAT or metadata.
        readRegions(view, b, name, storedSize);
        readMetadata(view, b, name, paths);
        readBat(view, b, name, view.size());
        return new VhdxImage(b);
    }

    /** Validates the whole log first; then refuses, or replays it in memory or in the file, as {@code mode} says. */
    private static Storage replayLog(Storage file, Builder b, VhdxOpenMode mode, String name) throws IOException {
        LogReplay replay = LogReplay.read(file, b.headers.current(), name);
        if (mode == VhdxOpenMode.REFUSE_DIRTY) {
            throw new InvalidImageException(name + " has a non-empty log left by an interrupted write; run"
                    + " `vhdboot vhd check --repair " + file.path() + "` to replay it");
        }
        if (mode == VhdxOpenMode.REPLAY_IN_MEMORY) {
            b.logState = "replayed in memory (" + replay.entryCount() + " entries); the file still holds the log";
            b.findings.add(name + ": the log is not empty (an earlier write was interrupted); run"
                    + " `vhdboot vhd check --repair` to replay it into the file");
            return replay.inMemory(file);
        }
        // A replay is a write: the header first gets a new FileWriteGuid, then the entries go in place.
        b.headers.renewFileWriteGuid(file);
        replay.intoFile(file);
        b.headers.update(file, b.headers.current().withLogGuid(MsGuid.ZERO));
        b.logState = "replayed into the file (" + replay.entryCount() + " entries)";
        return file;
    }

    private static void readRegions(Storage view, Builder b, String name, long fileSize) throws IOException {
        RegionTable table;
        String first = null;
        try {
            table = RegionTable.parse(view.readBytes(RegionTable.SLOT_1, RegionTable.SIZE), name + " region table 1");
        } catch (InvalidImageException e) {
            first = e.getMessage();
            try {
                table = RegionTable.parse(view.readBytes(RegionTable.SLOT_2, RegionTable.SIZE), name + " region table 2");
            } catch (InvalidImageException second) {
                throw new InvalidImageException(name + ": both region tables are damaged (" + first + "; "
                        + second.getMessage() + ")");
            }
            b.findings.add(first + "; the second copy is in use");
        }
        VhdxHeader header = b.headers.current();
        if (header.logOffset() > fileSize - header.logLength()) {
            throw new InvalidImageException(name + ": the log at offset " + header.logOffset() + " ("
                    + header.logLength() + " bytes) lies beyond the end of the file (" + fileSize + " bytes)");
        }
        List<long[]> taken = new ArrayList<>();
        taken.add(new long[] {0, MIB});
        taken.add(new long[] {header.logOffset(), header.logOffset() + header.logLength()});
        int bats = 0;
        int metadatas = 0;
        for (RegionTable.Entry entry : table.entries()) {
            boolean known = entry.guid().equals(RegionTable.BAT) || entry.guid().equals(RegionTable.METADATA);
            if (!known) {
                if (entry.required()) {
                    throw new InvalidImageException(name + ": unknown required region " + entry.guid()
                            + "; this file needs a newer VHDX implementation");
                }
                continue;
            }
            if (entry.guid().equals(RegionTable.BAT)) {
                bats++;
            } else {
                metadatas++;
            }
            if (entry.fileOffset() < MIB || entry.fileOffset() % MIB != 0 || entry.length() == 0
                    || entry.length() % MIB != 0) {
                throw new InvalidImageException(name + ": the " + entry.name() + " region (offset " + entry.fileOffset()
                        + ", " + entry.length() + " bytes) is not 1 MiB aligned");
            }
            if (entry.fileOffset() > fileSize - entry.length()) {
                throw new InvalidImageException(name + ": the " + entry.name() + " region at offset "
                        + entry.fileOffset() + " (" + entry.length() + " bytes) lies beyond the end of the file ("
                        + fileSize + " bytes)");
            }
            for (long[] other : taken) {
                if (entry.fileOffset() < other[1] && other[0] < entry.fileOffset() + entry.length()) {
                    throw new InvalidImageException(name + ": the " + entry.name() + " region at offset "
                            + entry.fileOffset() + " overlaps another region, the log or the headers at " + other[0]);
                }
            }
            taken.add(new long[] {entry.fileOffset(), entry.fileOffset() + entry.length()});
        }
        if (bats != 1 || metadatas != 1) {
            throw new InvalidImageException(name + ": the region table must list the BAT and metadata regions once"
                    + " each (found " + bats + " BAT and " + metadatas + " metadata)");
        }
        b.regions = table;
    }

    private static void readMetadata(Storage view, Builder b, String name, ParentPaths paths) throws IOException {
        RegionTable.Entry region = b.regions.find(RegionTable.METADATA).orElseThrow();
        MetadataTable table = MetadataTable.parse(view.readBytes(region.fileOffset(), MetadataTable.TABLE_SIZE),
                region.length(), name);
        for (MetadataTable.Entry entry : table.entries()) {
            if (entry.required() && (entry.user() || !MetadataTable.KNOWN.contains(entry.itemId()))) {
                throw new InvalidImageException(name + ": unknown required metadata item " + entry.itemId()
                        + "; this file needs a newer VHDX implementation");
            }
        }
        b.metadataTable = table;
        b.parameters = FileParameters.parse(item(view, region, table, MetadataTable.FILE_PARAMETERS, 8, name,
                "file parameters"), name);
        ByteBuffer size = le(item(view, region, table, MetadataTable.VIRTUAL_DISK_SIZE, 8, name, "virtual disk size"));
        ByteBuffer page83 = le(item(view, region, table, MetadataTable.PAGE_83_DATA, 16, name, "page 83 data"));
        ByteBuffer logical = le(item(view, region, table, MetadataTable.LOGICAL_SECTOR_SIZE, 4, name,
                "logical sector size"));
        ByteBuffer physical = le(item(view, region, table, MetadataTable.PHYSICAL_SECTOR_SIZE, 4, name,
                "physical sector size"));
        b.logicalSectorSize = logical.getInt(0);
        b.physicalSectorSize = physical.getInt(0);
        if (b.logicalSectorSize != 512 && b.logicalSectorSize != 4096) {
            throw new InvalidImageException(name + ": logical sector size " + b.logicalSectorSize
                    + " is neither 512 nor 4096");
        }
        if (b.physicalSectorSize != 512 && b.physicalSectorSize != 4096) {
            throw new InvalidImageException(name + ": physical sector size " + b.physicalSectorSize
                    + " is neither 512 nor 4096");
        }
        b.virtualSize = size.getLong(0);
        if (b.virtualSize <= 0 || b.virtualSize > MAX_VIRTUAL_SIZE || b.virtualSize % b.logicalSectorSize != 0) {
            throw new InvalidImageException(name + ": virtual size " + b.virtualSize + " is absurd: it must be a"
                    + " positive multiple of the " + b.logicalSectorSize + "-byte sector, at most 64 TiB");
        }
        b.page83 = MsGuid.read(page83, 0);
        Optional<MetadataTable.Entry> locator = table.find(MetadataTable.PARENT_LOCATOR);
        if (b.parameters.hasParent()) {
            if (locator.isEmpty()) {
                throw new InvalidImageException(name + ": a differencing VHDX without a parent locator");
            }
            MetadataTable.Entry entry = locator.get();
            if (entry.length() > ParentLocatorItem.MAX_SIZE) {
                throw new InvalidImageException(name + ": the parent locator is " + entry.length() + " bytes, more"
                        + " than the " + ParentLocatorItem.MAX_SIZE + " any parent path needs");
            }
            ParentLocatorItem item = ParentLocatorItem.parse(view.readBytes(region.fileOffset() + entry.offset(),
                    (int) entry.length()), name);
            if (item.get(ParentLocatorItem.PARENT_LINKAGE) == null) {
                throw new InvalidImageException(name + ": the parent locator has no parent_linkage");
            }
            b.parentLink = new VhdxParentLink(item, b.virtualSize, paths);
        }
    }

    private static byte[] item(Storage view, RegionTable.Entry region, MetadataTable table, UUID id, int length,
                               String name, String label) throws IOException {
        MetadataTable.Entry entry = table.find(id).orElseThrow(() ->
                new InvalidImageException(name + ": required metadata item \"" + label + "\" is missing"));
        if (entry.length() < length) {
            throw new InvalidImageException(name + ": metadata item \"" + label + "\" is " + entry.length()
                    + " bytes, expected " + length);
        }
        return view.readBytes(region.fileOffset() + entry.offset(), length);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void readBat(Storage view, Builder b, String name, long fileSize) throws IOException {
        RegionTable.Entry region = b.regions.find(RegionTable.BAT).orElseThrow();
        long blockSize = b.parameters.blockSize();
        long chunkRatio = BlockAllocationTable.chunkRatio(blockSize, b.logicalSectorSize);
        long payloadBlocks = (b.virtualSize + blockSize - 1) / blockSize;
        boolean differencing = b.parameters.hasParent();
        long entries = BlockAllocationTable.totalEntries(payloadBlocks, chunkRatio, differencing);
        if (entries > MAX_BAT_ENTRIES) {
            throw new InvalidImageException(name + ": " + entries + " BAT entries are more than vhdboot supports;"
                    + " use a larger block size");
        }
        if (region.length() < entries * 8) {
            throw new InvalidImageException(name + ": the BAT region holds " + region.length() / 8
                    + " entries but the disk needs " + entries);
        }
        BlockAllocationTable bat = BlockAllocationTable.read(view, region.fileOffset(), (int) entries, chunkRatio);
        List<long[]> structures = new ArrayList<>();
        structures.add(new long[] {0, MIB});
        VhdxHeader header = b.headers.current();
        structures.add(new long[] {header.logOffset(), header.logOffset() + header.logLength()});
        for (RegionTable.Entry r : b.regions.entries()) {
            structures.add(new long[] {r.fileOffset(), r.fileOffset() + r.length()});
        }
        long end = (fileSize + MIB - 1) / MIB * MIB;
        for (long[] s : structures) {
            end = Math.max(end, s[1]);
        }
        end = Math.max(end, bat.validate(new BlockAllocationTable.Bounds(name, blockSize, b.virtualSize, differencing,
                fileSize, structures)));
        b.batOffset = region.fileOffset();
        b.bat = bat;
        b.nextFree = (end + MIB - 1) / MIB * MIB;
    }

    @Override
    public Path path() {
        return storage.path();
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.VHDX;
    }

    @Override
    public DiskType type() {
        if (parameters.hasParent()) {
            return DiskType.DIFFERENCING;
        }
        return parameters.leaveBlocksAllocated() ? DiskType.FIXED : DiskType.DYNAMIC;
    }

    @Override
    public long virtualSize() {
        return virtualSize;
    }

    @Override
    public int logicalSectorSize() {
        return logicalSectorSize;
    }

    public int physicalSectorSize() {
        return physicalSectorSize;
    }

    @Override
    public long blockSize() {
        return parameters.blockSize();
    }

    public UUID page83() {
        return page83;
    }

    public VhdxHeader header() {
        return headers.current();
    }

    @Override
    public boolean writable() {
        return storage.writable();
    }

    /** The DataWriteGuid, which children record as their parent_linkage. */
    @Override
    public Optional<UUID> linkId() {
        return Optional.of(headers.current().dataWriteGuid());
    }

    @Override
    public Optional<ParentLink> parentLink() {
        return Optional.ofNullable(parentLink);
    }

    private int sectorsPerBlock() {
        return (int) (parameters.blockSize() / logicalSectorSize);
    }

    @Override
    public Extent map(long offset, long maxLength) throws IOException {
        long limit = Math.min(maxLength, virtualSize - offset);
        long blockSize = parameters.blockSize();
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
        boolean parent = state == PayloadState.NOT_PRESENT && parameters.hasParent();
        // The blocks after this one often answer alike (an empty disk is all of them): one extent covers them.
        for (long next = block + 1; run < limit && next * blockSize < virtualSize; next++) {
            PayloadState following = PayloadState.of(bat.state(bat.payloadIndex(next)));
            boolean stored = following == PayloadState.FULLY_PRESENT || following == PayloadState.PARTIALLY_PRESENT;
            if (stored || (following == PayloadState.NOT_PRESENT && parameters.hasParent()) != parent) {
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
        long blockSize = parameters.blockSize();
        long payloadBlocks = (virtualSize + blockSize - 1) / blockSize;
        long chunkEnd = (block / bat.chunkRatio() + 1) * bat.chunkRatio();
        int count = (int) Math.max(1, Math.min(Math.min(chunkEnd, payloadBlocks) - block,
                Math.min(BITMAP_READ_BYTES / bytes, BITMAP_CACHE_BLOCKS / 4)));
        byte[] window = storage.readBytes(bitmapPosition(block), count * bytes);
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

    @Override
    public void writeSectors(long offset, ByteBuffer src) throws IOException {
        if (offset % logicalSectorSize != 0 || src.remaining() % logicalSectorSize != 0) {
            throw new IllegalArgumentException("unaligned sector write at " + offset);
        }
        headers.beginDataWrite(storage);
        long blockSize = parameters.blockSize();
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
            storage.writeBytes(bitmapPosition(block), bitmap.bytes());
            flushIfSafe();
        }
    }

    /**
     * A new payload block at the end of the file. Its unwritten sectors read as zeros (fresh file space) or,
     * in a child whose block was not present, from the parent through exact bitmap bits.
     */
    private void allocate(long block, int index, PayloadState previous, int inBlock, ByteBuffer data) throws IOException {
        long blockSize = parameters.blockSize();
        long blockBytes = Math.min(blockSize, virtualSize - block * blockSize);
        boolean whole = inBlock == 0 && data.remaining() >= blockBytes;
        boolean partial = parameters.hasParent() && previous == PayloadState.NOT_PRESENT && !whole;
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
            storage.writeBytes(bitmapPosition(block), bitmap.bytes());
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
        storage.writeBytes(BlockAllocationTable.entryPosition(batOffset, index),
                BlockAllocationTable.entryBytes(bat.raw(index)));
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
        return bat.presentBytes(parameters.blockSize(), virtualSize);
    }

    @Override
    public LayerInfo info() throws IOException {
        Map<String, Long> states = new LinkedHashMap<>();
        long bitmapBlocks = 0;
        for (int index = 0; index < bat.size(); index++) {
            if (bat.isBitmapIndex(index)) {
                if (bat.state(index) == BlockAllocationTable.SB_PRESENT) {
                    bitmapBlocks++;
                }
                continue;
            }
            PayloadState state = PayloadState.of(bat.state(index));
            states.merge(state.name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        }
        VhdxHeader header = headers.current();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("data_write_guid", header.dataWriteGuid().toString());
        details.put("file_write_guid", header.fileWriteGuid().toString());
        details.put("header_sequence", header.sequenceNumber());
        details.put("log", logState);
        details.put("log_offset", header.logOffset());
        details.put("log_length", header.logLength());
        details.put("chunk_ratio", bat.chunkRatio());
        details.put("leave_blocks_allocated", parameters.leaveBlocksAllocated());
        details.put("block_states", states);
        details.put("sector_bitmap_blocks", bitmapBlocks);
        List<Map<String, Object>> regionList = new ArrayList<>();
        for (RegionTable.Entry region : regions.entries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", region.name());
            r.put("offset", region.fileOffset());
            r.put("length", region.length());
            r.put("required", region.required());
            regionList.add(r);
        }
        details.put("regions", regionList);
        long allocated = storedBytes();
        Map<String, String> link = parentLink == null ? Map.of() : parentLink.fields();
        return new LayerInfo(path().toString(), DiskFormat.VHDX, type(), virtualSize, storage.size(), allocated,
                parameters.blockSize(), logicalSectorSize, physicalSectorSize, page83.toString(), identifier.creator(),
                details, link);
    }

    @Override
    public List<String> check() throws IOException {
        List<String> problems = new ArrayList<>(findings());
        byte[] first = storage.readBytes(RegionTable.SLOT_1, RegionTable.SIZE);
        byte[] second = storage.readBytes(RegionTable.SLOT_2, RegionTable.SIZE);
        if (!Arrays.equals(first, second) && problems.stream().noneMatch(p -> p.contains("region table"))) {
            problems.add(name + ": the two region table copies differ");
        }
        problems.addAll(bat.reservedBitProblems(name));
        problems.addAll(bat.overlaps(name, parameters.blockSize(), storage.size()));
        return problems;
    }

    /** A damaged header or region table copy, a log still to replay: what opening noticed. */
    @Override
    public List<String> findings() {
        List<String> findings = new ArrayList<>(headers.findings());
        findings.addAll(openFindings);
        return findings;
    }

    /** What became of the log at open: {@code empty}, or how it was replayed. */
    String logState() {
        return logState;
    }

    /** Whether {@code check --repair} has work here: a log to replay, or a damaged header slot. */
    public boolean needsRepair() {
        return !logState.equals("empty") || !headers.findings().isEmpty();
    }

    /** Rewrites both header slots so they are valid and identical in content; used by {@code check --repair}. */
    public void rewriteHeaders() throws IOException {
        headers.rewrite(storage);
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
