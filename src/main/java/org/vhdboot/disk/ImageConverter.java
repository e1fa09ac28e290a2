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
        FormatDriver driver = images.drivers().forPath(target);
        if (Files.exists(target)) {
            if (Files.isSameFile(source, target)) {
                throw new UnsupportedFormatException("source and target are the same file");
            }
            throw new FileAlreadyExistsException(target.toString(), null, "remove it first");
        }
        try (Chain chain = images.open(source, false)) {
            long size = chain.size();
            ImageSpec spec = new ImageSpec(type, size, 0, driver.sectorSizeOfCopy(chain.logicalSectorSize()), 4096);
            int chunk = (int) Math.min(driver.preferredChunkSize(spec), MAX_CHUNK);
            try (StagedFile staged = StagedFile.beside(target, images.storage())) {
                images.write(staged.storage(), driver.format(), spec);
                Layer output = images.openStorage(staged.storage(), Durability.DEFERRED);
                new ChunkPipeline(chain, output, chunk).copy(progress);
                output.flush();
                staged.commit(false);
            }
        }
    }
}
