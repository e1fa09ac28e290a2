package org.vhdboot.disk.vhd;

import org.vhdboot.disk.Creator;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.UnsupportedFormatException;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Lays out new VHD files the way Windows does: exact current size, spec geometry, footer copy at offset 0
 * for dynamic images, and for children the parent's id, modification time, name and both W2ku/W2ru locators.
 */
final class VhdBuilder {
    public static final int DEFAULT_BLOCK_SIZE = 2 << 20;
    /** The block sizes Windows' create API accepts for VHD. */
    public static final List<Integer> WINDOWS_BLOCK_SIZES = List.of(512 << 10, 2 << 20);
    static final String CREATOR_APPLICATION = "vhdb";
    static final String CREATOR_HOST = "Wi2k";
    private static final long TABLE_OFFSET = VhdFooter.SIZE + DynamicHeader.SIZE;

    private final Clock clock;
    private final ParentPaths paths;

    public VhdBuilder(Clock clock, ParentPaths paths) {
        this.clock = clock;
        this.paths = paths;
    }

    public void createFixed(Storage storage, long size) throws IOException {
        checkSize(size);
        VhdFooter footer = footer(size, DiskType.FIXED, VhdFooter.NO_DATA_OFFSET, DiskGeometry.forSize(size),
                UUID.randomUUID());
        // Fixed images carry no copy at offset 0: those bytes are the guest's sector 0.
        storage.writeBytes(size, footer.toBytes());
    }

    public void createDynamic(Storage storage, long size, int blockSize) throws IOException {
        checkSize(size);
        checkBlockSize(blockSize);
        VhdFooter footer = footer(size, DiskType.DYNAMIC, VhdFooter.SIZE, DiskGeometry.forSize(size), UUID.randomUUID());
        DynamicHeader header = new DynamicHeader(TABLE_OFFSET, entries(size, blockSize), blockSize,
                new UUID(0, 0), 0, "", List.of());
        writeSparseLayout(storage, footer, header, List.of());
    }

    /**
     * Creates an empty child of {@code parent}, whose file is {@code parentPath}; {@code childPath} is where
     * the child will finally live, which decides the relative locator.
     *
     * @param windowsFolder the parent's folder as Windows will see it, when made outside Windows
     */
    public void createDifferencing(Storage storage, Path childPath, VhdImage parent, Path parentPath,
                                   Optional<String> windowsFolder) throws IOException {
        long size = parent.virtualSize();
        int blockSize = parent.header().map(DynamicHeader::blockSize).orElse(DEFAULT_BLOCK_SIZE);
        VhdFooter parentFooter = parent.footer();
        VhdFooter footer = new VhdFooter(VhdFooter.FEATURES_RESERVED, VhdFooter.SIZE, timestampNow(),
                CREATOR_APPLICATION, creatorVersion(), CREATOR_HOST, parentFooter.currentSize(), size,
                parentFooter.geometry(), VhdFooter.typeCode(DiskType.DIFFERENCING), UUID.randomUUID(), (byte) 0);
        int entries = entries(size, blockSize);
        long tableBytes = ((long) entries * 4 + 511) / 512 * 512;

        Path childFolder = childPath.toAbsolutePath().getParent();
        String absolute = paths.absolute(parentPath, windowsFolder);
        String relative = paths.relative(childFolder, parentPath);
        byte[] absoluteData = absolute.getBytes(StandardCharsets.UTF_16LE);
        byte[] relativeData = relative.getBytes(StandardCharsets.UTF_16LE);
        long absoluteOffset = TABLE_OFFSET + tableBytes;
        int absoluteSpace = reserve(absoluteData.length);
        long relativeOffset = absoluteOffset + absoluteSpace;
        int relativeSpace = reserve(relativeData.length);
        List<ParentLocatorEntry> locators = new ArrayList<>();
        // Data space in bytes, as Windows writes it.
        locators.add(new ParentLocatorEntry(ParentLocatorEntry.W2KU, absoluteSpace, absoluteData.length, absoluteOffset));
        locators.add(new ParentLocatorEntry(ParentLocatorEntry.W2RU, relativeSpace, relativeData.length, relativeOffset));

        int parentStamp = VhdTimestamp.fromInstant(Files.getLastModifiedTime(parentPath).toInstant());
        DynamicHeader header = new DynamicHeader(TABLE_OFFSET, entries, blockSize, parentFooter.uniqueId(),
                parentStamp, parentPath.getFileName().toString(), locators);
        List<LocatorData> data = List.of(new LocatorData(absoluteOffset, absoluteSpace, absoluteData),
                new LocatorData(relativeOffset, relativeSpace, relativeData));
        writeSparseLayout(storage, footer, header, data);
    }

    private record LocatorData(long offset, int space, byte[] bytes) {
    }

    private void writeSparseLayout(Storage storage, VhdFooter footer, DynamicHeader header, List<LocatorData> locators)
            throws IOException {
        byte[] footerBytes = footer.toBytes();
        BlockAllocationTable bat = BlockAllocationTable.empty(header.maxTableEntries());
        storage.writeBytes(0, footerBytes);
        storage.writeBytes(footer.dataOffset(), header.toBytes());
        storage.writeBytes(header.tableOffset(), bat.toBytes());
        long end = header.tableOffset() + header.tableBytes();
        for (LocatorData locator : locators) {
            byte[] area = new byte[locator.space()];
            System.arraycopy(locator.bytes(), 0, area, 0, locator.bytes().length);
            storage.writeBytes(locator.offset(), area);
            end = Math.max(end, locator.offset() + locator.space());
        }
        storage.writeBytes(end, footerBytes);
    }

    private VhdFooter footer(long size, DiskType type, long dataOffset, DiskGeometry geometry, UUID id) {
        return new VhdFooter(VhdFooter.FEATURES_RESERVED, dataOffset, timestampNow(), CREATOR_APPLICATION,
                creatorVersion(), CREATOR_HOST, size, size, geometry, VhdFooter.typeCode(type), id, (byte) 0);
    }

    private int timestampNow() {
        return VhdTimestamp.fromInstant(clock.instant());
    }

    private static int creatorVersion() {
        return (Creator.major() << 16) | (Creator.minor() & 0xFFFF);
    }

    private static int entries(long size, int blockSize) {
        return (int) ((size + blockSize - 1) / blockSize);
    }

    private static int reserve(int bytes) {
        return Math.max(512, (bytes + 511) / 512 * 512);
    }

    static void checkSize(long size) throws InvalidImageException {
        if (size <= 0 || size % 512 != 0) {
            throw new UnsupportedFormatException("size " + size + " is not a positive multiple of 512 bytes");
        }
        if (size > VhdFooter.MAX_SIZE) {
            throw new UnsupportedFormatException("size " + size + " is beyond the VHD limit of 2040 GiB; use .vhdx");
        }
    }

    static void checkBlockSize(int blockSize) throws InvalidImageException {
        if (!WINDOWS_BLOCK_SIZES.contains(blockSize)) {
            throw new UnsupportedFormatException("VHD block size " + blockSize
                    + " is not one Windows accepts: use 512K or 2M");
        }
    }
}
