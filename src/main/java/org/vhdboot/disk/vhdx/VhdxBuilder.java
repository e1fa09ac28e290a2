package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.Creator;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.UnsupportedFormatException;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * Lays out new VHDX files: identifier, two headers, two region tables, an empty 1 MiB log at 1 MiB, the
 * metadata region at 2 MiB and the BAT at 3 MiB, as Windows-compatible writers do.
 */
final class VhdxBuilder {
    public static final long DEFAULT_BLOCK_SIZE = 32L << 20;
    public static final long DEFAULT_CHILD_BLOCK_SIZE = 2L << 20;
    static final long LOG_OFFSET = MIB;
    static final long LOG_LENGTH = MIB;
    static final long METADATA_OFFSET = 2 * MIB;
    static final long METADATA_LENGTH = MIB;
    static final long BAT_OFFSET = 3 * MIB;
    private static final int ITEM_REQUIRED = 4;

    private final ParentPaths paths;

    public VhdxBuilder(ParentPaths paths) {
        this.paths = paths;
    }

    /** A fixed or dynamic VHDX. */
    public void create(Storage storage, ImageSpec spec) throws IOException {
        long blockSize = spec.blockSizeOr(DEFAULT_BLOCK_SIZE);
        checkBlockSize(blockSize);
        if (spec.size() > VhdxMetadata.MAX_VIRTUAL_SIZE) {
            throw new UnsupportedFormatException("size " + spec.size() + " is beyond the VHDX limit of 64 TiB");
        }
        boolean fixed = spec.type() == DiskType.FIXED;
        Layout layout = Layout.of(spec.size(), blockSize, spec.logicalSectorSize(), false);
        requireOpenable(layout, blockSize);
        Map<UUID, byte[]> items = baseItems(new FileParameters(blockSize, fixed, false), spec.size(), UUID.randomUUID(),
                spec.logicalSectorSize(), spec.physicalSectorSize());
        BlockAllocationTable bat = BlockAllocationTable.empty((int) layout.entries(), layout.chunkRatio());
        long end = layout.payloadStart();
        if (fixed) {
            for (long block = 0; block < layout.payloadBlocks(); block++) {
                bat.set(bat.payloadIndex(block), BlockAllocationTable.entry(PayloadState.FULLY_PRESENT.code(), end));
                end += blockSize;
            }
        }
        write(storage, layout, items, bat, end);
    }

    /**
     * An empty child of {@code parent} (whose file is {@code parentPath}) that will live at {@code childPath}.
     * Virtual size, page 83 id and sector sizes are copied from the parent; parent_linkage is its DataWriteGuid.
     */
    public void createDifferencing(Storage storage, Path childPath, VhdxImage parent, Path parentPath, ChildSpec spec)
            throws IOException {
        long blockSize = spec.blockSize() > 0 ? spec.blockSize() : DEFAULT_CHILD_BLOCK_SIZE;
        checkBlockSize(blockSize);
        Layout layout = Layout.of(parent.virtualSize(), blockSize, parent.logicalSectorSize(), true);
        requireOpenable(layout, blockSize);
        Map<UUID, byte[]> items = baseItems(new FileParameters(blockSize, false, true), parent.virtualSize(),
                parent.page83(), parent.logicalSectorSize(), parent.physicalSectorSize());
        Map<String, String> locator = new LinkedHashMap<>();
        locator.put(ParentLocatorItem.PARENT_LINKAGE, MsGuid.braced(parent.linkId().orElseThrow()));
        locator.put(ParentLocatorItem.RELATIVE_PATH, paths.relative(childPath.toAbsolutePath().getParent(), parentPath));
        spec.volumePath().ifPresent(v -> locator.put(ParentLocatorItem.VOLUME_PATH, v));
        locator.put(ParentLocatorItem.ABSOLUTE_WIN32_PATH, paths.absoluteWin32(parentPath, spec.windowsFolder()));
        items.put(MetadataTable.PARENT_LOCATOR, new ParentLocatorItem(locator).toBytes());
        BlockAllocationTable bat = BlockAllocationTable.empty((int) layout.entries(), layout.chunkRatio());
        write(storage, layout, items, bat, layout.payloadStart());
    }

    private record Layout(long payloadBlocks, long chunkRatio, long entries, long batLength, long payloadStart) {
        static Layout of(long size, long blockSize, int logicalSectorSize, boolean differencing) {
            long payloadBlocks = (size + blockSize - 1) / blockSize;
            long chunkRatio = BlockAllocationTable.chunkRatio(blockSize, logicalSectorSize);
            long entries = BlockAllocationTable.totalEntries(payloadBlocks, chunkRatio, differencing);
            long batLength = Math.max(MIB, (entries * 8 + MIB - 1) / MIB * MIB);
            return new Layout(payloadBlocks, chunkRatio, entries, batLength, BAT_OFFSET + batLength);
        }
    }

    private static Map<UUID, byte[]> baseItems(FileParameters parameters, long size, UUID page83, int logical,
                                               int physical) {
        Map<UUID, byte[]> items = new LinkedHashMap<>();
        items.put(MetadataTable.FILE_PARAMETERS, parameters.toBytes());
        items.put(MetadataTable.VIRTUAL_DISK_SIZE, le(8).putLong(0, size).array());
        ByteBuffer id = le(16);
        MsGuid.write(id, 0, page83);
        items.put(MetadataTable.PAGE_83_DATA, id.array());
        items.put(MetadataTable.LOGICAL_SECTOR_SIZE, le(4).putInt(0, logical).array());
        items.put(MetadataTable.PHYSICAL_SECTOR_SIZE, le(4).putInt(0, physical).array());
        return items;
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void write(Storage storage, Layout layout, Map<UUID, byte[]> items, BlockAllocationTable bat, long end)
            throws IOException {
        // A new, empty file reads as zeros wherever it is not written once it is extended past that point, so
        // the zero log and the zero part of the BAT are not written: 9 MiB less to write and flush for a 2 TiB child.
        boolean fresh = storage.size() == 0;
        storage.writeBytes(0, new FileTypeIdentifier(Creator.description()).toBytes());
        UUID fileWrite = UUID.randomUUID();
        UUID dataWrite = UUID.randomUUID();
        for (int slot = 0; slot < 2; slot++) {
            VhdxHeader header = new VhdxHeader(slot + 1, fileWrite, dataWrite, MsGuid.ZERO, 0, 1, LOG_LENGTH, LOG_OFFSET);
            storage.writeBytes(slot == 0 ? VhdxHeader.SLOT_1 : VhdxHeader.SLOT_2, header.toBytes());
        }
        RegionTable regions = new RegionTable(List.of(
                new RegionTable.Entry(RegionTable.METADATA, METADATA_OFFSET, METADATA_LENGTH, true),
                new RegionTable.Entry(RegionTable.BAT, BAT_OFFSET, layout.batLength(), true)));
        byte[] regionBytes = regions.toBytes();
        storage.writeBytes(RegionTable.SLOT_1, regionBytes);
        storage.writeBytes(RegionTable.SLOT_2, regionBytes);
        if (!fresh) {
            storage.writeBytes(LOG_OFFSET, new byte[(int) LOG_LENGTH]);
        }

        byte[] metadata = new byte[(int) METADATA_LENGTH];
        List<MetadataTable.Entry> entries = new ArrayList<>();
        int offset = MetadataTable.TABLE_SIZE;
        for (Map.Entry<UUID, byte[]> item : items.entrySet()) {
            UUID id = item.getKey();
            boolean virtualDisk = !id.equals(MetadataTable.FILE_PARAMETERS) && !id.equals(MetadataTable.PARENT_LOCATOR);
            entries.add(new MetadataTable.Entry(id, offset, item.getValue().length, false, virtualDisk, true));
            System.arraycopy(item.getValue(), 0, metadata, offset, item.getValue().length);
            offset += (item.getValue().length + 7) / 8 * 8;
        }
        byte[] table = new MetadataTable(entries).toBytes();
        System.arraycopy(table, 0, metadata, 0, table.length);
        storage.writeBytes(METADATA_OFFSET, metadata);
        writeBat(storage, bat, layout.batLength(), fresh);
        long fileEnd = Math.max(end, layout.payloadStart());
        if (storage.size() < fileEnd) {
            storage.writeBytes(fileEnd - 1, new byte[1]);
        }
    }

    /** The BAT region: the entries, then zero padding to its length. A fresh file needs only the non-zero part. */
    private static void writeBat(Storage storage, BlockAllocationTable bat, long length, boolean fresh)
            throws IOException {
        int used = fresh ? bat.lastNonZeroEntry() + 1 : bat.size();
        if (used > 0) {
            storage.writeBytes(BAT_OFFSET, bat.toBytes(used));
        }
        if (!fresh && length > bat.size() * 8L) {
            storage.writeBytes(BAT_OFFSET + bat.size() * 8L, new byte[(int) (length - bat.size() * 8L)]);
        }
    }

    /** Never write an image this engine could not open again. */
    private static void requireOpenable(Layout layout, long blockSize) throws InvalidImageException {
        if (layout.entries() > BlockAllocationTable.MAX_ENTRIES) {
            throw new org.vhdboot.disk.UnsupportedFormatException("a block size of " + (blockSize >> 20) + " MiB needs "
                    + layout.entries() + " BAT entries for this size, more than vhdboot supports; use a larger"
                    + " block size");
        }
    }

    static void checkBlockSize(long blockSize) throws InvalidImageException {
        if (blockSize < FileParameters.MIN_BLOCK_SIZE || blockSize > FileParameters.MAX_BLOCK_SIZE
                || Long.bitCount(blockSize) != 1) {
            throw new UnsupportedFormatException("VHDX block size " + blockSize
                    + " is not a power of two between 1M and 256M");
        }
    }

}
