package org.vhdboot.disk;

import org.vhdboot.disk.io.StagedFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * Copies a virtual disk into a new image of any format: raw to VHD(X), VHD(X) to raw, between VHD and
 * VHDX, and a whole chain into one flat image. Zero runs are never written, so they stay unallocated; reading
 * and writing overlap ({@link ChunkPipeline}).
 */
public final class ImageConverter {
    private static final int MAX_CHUNK = 4 << 20;

    private final DiskImages images;

    public ImageConverter(DiskImages images) {
        this.images = images;
    }

    /**
     * @param type FIXED or DYNAMIC for VHD and VHDX targets; ignored for raw
     */
    public void convert(Path source, Path target, DiskType type, ProgressListener progress) throws IOException {
        DiskFormat targetFormat = DiskFormat.fromPath(target);
        if (Files.exists(target)) {
            if (Files.isSameFile(source, target)) {
                throw new UnsupportedFormatException("source and target are the same file");
            }
            throw new FileAlreadyExistsException(target.toString(), null, "remove it first");
        }
        try (Chain chain = images.open(source, false)) {
            long size = chain.size();
            ImageSpec spec = new ImageSpec(type, size, 0, targetSectorSize(targetFormat, chain), 4096);
            int chunk = chunkSize(targetFormat, spec);
            try (StagedFile staged = StagedFile.beside(target, images.storage())) {
                images.write(staged.storage(), targetFormat, spec);
                Layer output = images.openStorage(staged.storage(), Durability.DEFERRED);
                new ChunkPipeline(chain, output, chunk).copy(progress);
                output.flush();
                staged.commit(false);
            }
        }
    }

    /**
     * The source's logical sector size, which a guest's partition table depends on; a VHD cannot have 4 KiB
     * sectors, so that is refused. Raw has no sector size at all: any disk converts to it.
     */
    private static int targetSectorSize(DiskFormat format, Chain chain) {
        return format == DiskFormat.RAW ? 512 : chain.logicalSectorSize();
    }

    /** One target block at a time for sparse targets, so an all-zero block is skipped whole. */
    private static int chunkSize(DiskFormat format, ImageSpec spec) {
        long block;
        switch (format) {
            case VHD:
                block = spec.blockSizeOr(2 << 20);
                break;
            case VHDX:
                block = spec.blockSizeOr(32L << 20);
                break;
            default:
                block = MAX_CHUNK;
        }
        return (int) Math.min(block, MAX_CHUNK);
    }
}
