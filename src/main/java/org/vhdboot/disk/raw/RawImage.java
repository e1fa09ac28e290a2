package org.vhdboot.disk.raw;

import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Extent;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A raw disk file: the virtual disk byte for byte, nothing else. */
final class RawImage implements Layer {
    private static final int SECTOR = 512;
    private final Storage storage;
    private final long size;

    private RawImage(Storage storage, long size) {
        this.storage = storage;
        this.size = size;
    }

    public static RawImage open(Storage storage) throws IOException {
        return new RawImage(storage, storage.size());
    }

    /** A raw file of {@code size} bytes, all zero. */
    public static RawImage create(Storage storage, long size) throws IOException {
        storage.truncate(0);
        if (size > 0) {
            storage.writeBytes(size - 1, new byte[1]);
        }
        return new RawImage(storage, size);
    }

    @Override
    public Path path() {
        return storage.path();
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.RAW;
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
        return SECTOR;
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
        return Extent.stored(Math.min(maxLength, size - offset), offset);
    }

    @Override
    public void readStored(long fileOffset, ByteBuffer dst) throws IOException {
        storage.read(fileOffset, dst);
    }

    @Override
    public void writeSectors(long offset, ByteBuffer src) throws IOException {
        storage.write(offset, src);
    }

    @Override
    public Optional<ParentLink> parentLink() {
        return Optional.empty();
    }

    @Override
    public LayerInfo info() throws IOException {
        return new LayerInfo(path().toString(), DiskFormat.RAW, DiskType.FIXED, size, storage.size(), size, 0,
                SECTOR, SECTOR, null, null, Map.of(), Map.of());
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
