package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.UUID;

/**
 * The metadata items of a VHDX, read from its metadata region and checked: every required item present and
 * large enough, sector sizes of 512 or 4096, a virtual size that is a positive whole number of sectors up to
 * 64 TiB, and for a differencing image a parent locator with its linkage.
 */
record VhdxMetadata(MetadataTable table, FileParameters parameters, long virtualSize, int logicalSectorSize,
                    int physicalSectorSize, UUID page83, Optional<ParentLocatorItem> parentLocator) {
    static final long MAX_VIRTUAL_SIZE = 64L << 40;

    static VhdxMetadata read(Storage view, RegionTable.Entry region, String name) throws IOException {
        MetadataTable table = MetadataTable.parse(view.readBytes(region.fileOffset(), MetadataTable.TABLE_SIZE),
                region.length(), name);
        for (MetadataTable.Entry entry : table.entries()) {
            if (entry.required() && (entry.user() || !MetadataTable.KNOWN.contains(entry.itemId()))) {
                throw new InvalidImageException(name + ": unknown required metadata item " + entry.itemId()
                        + "; this file needs a newer VHDX implementation");
            }
        }
        Items items = new Items(view, region, table, name);
        FileParameters parameters = FileParameters.parse(items.get(MetadataTable.FILE_PARAMETERS, 8,
                "file parameters"), name);
        long virtualSize = items.number(MetadataTable.VIRTUAL_DISK_SIZE, 8, "virtual disk size");
        UUID page83 = MsGuid.read(le(items.get(MetadataTable.PAGE_83_DATA, 16, "page 83 data")), 0);
        int logical = (int) items.number(MetadataTable.LOGICAL_SECTOR_SIZE, 4, "logical sector size");
        int physical = (int) items.number(MetadataTable.PHYSICAL_SECTOR_SIZE, 4, "physical sector size");
        checkSectorSize(logical, "logical", name);
        checkSectorSize(physical, "physical", name);
        if (virtualSize <= 0 || virtualSize > MAX_VIRTUAL_SIZE || virtualSize % logical != 0) {
            throw new InvalidImageException(name + ": virtual size " + virtualSize + " is absurd: it must be a"
                    + " positive multiple of the " + logical + "-byte sector, at most 64 TiB");
        }
        Optional<ParentLocatorItem> locator = parameters.hasParent()
                ? Optional.of(parentLocator(view, region, table, name)) : Optional.empty();
        return new VhdxMetadata(table, parameters, virtualSize, logical, physical, page83, locator);
    }

    private static void checkSectorSize(int size, String kind, String name) throws InvalidImageException {
        if (size != 512 && size != 4096) {
            throw new InvalidImageException(name + ": " + kind + " sector size " + size + " is neither 512 nor 4096");
        }
    }

    private static ParentLocatorItem parentLocator(Storage view, RegionTable.Entry region, MetadataTable table,
                                                   String name) throws IOException {
        MetadataTable.Entry entry = table.find(MetadataTable.PARENT_LOCATOR).orElseThrow(() ->
                new InvalidImageException(name + ": a differencing VHDX without a parent locator"));
        if (entry.length() > ParentLocatorItem.MAX_SIZE) {
            throw new InvalidImageException(name + ": the parent locator is " + entry.length() + " bytes, more"
                    + " than the " + ParentLocatorItem.MAX_SIZE + " any parent path needs");
        }
        ParentLocatorItem item = ParentLocatorItem.parse(view.readBytes(region.fileOffset() + entry.offset(),
                (int) entry.length()), name);
        if (item.get(ParentLocatorItem.PARENT_LINKAGE) == null) {
            throw new InvalidImageException(name + ": the parent locator has no parent_linkage");
        }
        return item;
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads items of the table from the region, each at least as long as the reader needs. */
    private record Items(Storage view, RegionTable.Entry region, MetadataTable table, String name) {
        byte[] get(UUID id, int length, String label) throws IOException {
            MetadataTable.Entry entry = table.find(id).orElseThrow(() ->
                    new InvalidImageException(name + ": required metadata item \"" + label + "\" is missing"));
            if (entry.length() < length) {
                throw new InvalidImageException(name + ": metadata item \"" + label + "\" is " + entry.length()
                        + " bytes, expected " + length);
            }
            return view.readBytes(region.fileOffset() + entry.offset(), length);
        }

        /** A little-endian number of 4 or 8 bytes; 4-byte numbers are signed, as the sector sizes were read. */
        long number(UUID id, int length, String label) throws IOException {
            ByteBuffer bytes = le(get(id, length, label));
            return length == 8 ? bytes.getLong(0) : bytes.getInt(0);
        }
    }
}
