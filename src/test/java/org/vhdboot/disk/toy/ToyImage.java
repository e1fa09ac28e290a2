package org.vhdboot.disk.toy;

import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Extent;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An open toy disk: a header, then the virtual disk with each pair of sectors stored the other way round, so
 * that its storage is not linear even inside a block, which no real format does but any layer may.
 */
final class ToyImage implements Layer {
    static final int HEADER = 512;
    private static final int SECTOR = 512;
    static final byte[] SIGNATURE = "toydisk\0".getBytes(StandardCharsets.US_ASCII);

    private final Storage storage;
    private final long size;

    private ToyImage(Storage storage, long size) {
        this.storage = storage;
        this.size = size;
    }

    static ToyImage open(Storage storage) throws IOException {
        long size = ByteBuffer.wrap(storage.readBytes(8, 8)).getLong();
        if (size <= 0 || size % 512 != 0 || size > storage.size() - HEADER) {
            throw new InvalidImageException(storage.path().getFileName() + ": toy disk size " + size + " is absurd");
        }
        return new ToyImage(storage, size);
    }

    static void create(Storage storage, long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).put(SIGNATURE).putLong(size);
        storage.writeBytes(0, header.array());
        // Whole pairs of sectors: an odd last sector is stored in the second half of its pair.
        storage.writeBytes(HEADER + (size + 2 * SECTOR - 1) / (2 * SECTOR) * (2 * SECTOR) - 1, new byte[1]);
    }

    @Override
    public Path path() {
        return storage.path();
    }

    @Override
    public org.vhdboot.disk.DiskFormat format() {
        return ToyDriver.TOY;
    }

    @Override
    public DiskType type() {
        return DiskType.FIXED;
    }

    @Override
    public long virtualSize() {
        return size;
    }

    @Override
    public int logicalSectorSize() {
        return 512;
    }

    @Override
    public boolean writable() {
        return storage.writable();
    }

    @Override
    public Optional<UUID> linkId() {
        return Optional.empty();
    }

    @Override
    public long storedBytes() {
        return size;
    }

    @Override
    public Extent map(long offset, long maxLength) {
        long inSector = offset % SECTOR;
        return Extent.stored(Math.min(maxLength, SECTOR - inSector), fileOffset(offset - inSector) + inSector);
    }

    private static long fileOffset(long sectorStart) {
        return HEADER + ((sectorStart / SECTOR) ^ 1) * SECTOR;
    }

    @Override
    public void readStored(long fileOffset, ByteBuffer dst) throws IOException {
        storage.read(fileOffset, dst);
    }

    @Override
    public void writeSectors(long offset, ByteBuffer src) throws IOException {
        for (long at = offset; src.hasRemaining(); at += SECTOR) {
            storage.write(fileOffset(at), src.slice(src.position(), SECTOR));
            src.position(src.position() + SECTOR);
        }
    }

    @Override
    public Optional<ParentLink> parentLink() {
        return Optional.empty();
    }

    @Override
    public LayerInfo info() throws IOException {
        return new LayerInfo(path().toString(), ToyDriver.TOY, DiskType.FIXED, size, storage.size(), size, 0, 512,
                512, null, null, Map.of(), Map.of());
    }

    @Override
    public List<String> check() {
        return List.of();
    }

    @Override
    public void flush() throws IOException {
        storage.force();
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }
}
