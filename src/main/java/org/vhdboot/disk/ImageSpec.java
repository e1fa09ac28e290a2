package org.vhdboot.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * What a new base image should look like.
 *
 * @param blockSize bytes per block, or 0 for the format's default (2 MiB for VHD, 32 MiB for VHDX)
 * @param logicalSectorSize 512, or 4096 for VHDX only
 * @param physicalSectorSize 512 or 4096 (VHDX)
 */
public record ImageSpec(DiskType type, long size, long blockSize, int logicalSectorSize, int physicalSectorSize) {
    public static ImageSpec dynamic(long size) {
        return new ImageSpec(DiskType.DYNAMIC, size, 0, 512, 4096);
    }

    public static ImageSpec fixed(long size) {
        return new ImageSpec(DiskType.FIXED, size, 0, 512, 4096);
    }

    public ImageSpec withBlockSize(long bytes) {
        return new ImageSpec(type, size, bytes, logicalSectorSize, physicalSectorSize);
    }

    public ImageSpec withSectorSizes(int logical, int physical) {
        return new ImageSpec(type, size, blockSize, logical, physical);
    }

    public long blockSizeOr(long fallback) {
        return blockSize > 0 ? blockSize : fallback;
    }

    public int blockSizeOr(int fallback) {
        return blockSize > 0 ? (int) blockSize : fallback;
    }

    /**
     * Rejects what no valid image of {@code format} can be. A refused request, not a damaged file: the
     * exception is an {@link UnsupportedFormatException}, which the CLI reports as a usage error.
     */
    public void validate(DiskFormat format) throws InvalidImageException {
        validate(FormatDrivers.installed().of(format));
    }

    /** Like {@link #validate(DiskFormat)}, for the format of {@code driver}. */
    public void validate(FormatDriver driver) throws InvalidImageException {
        if (type == DiskType.DIFFERENCING) {
            throw new UnsupportedFormatException("a differencing image needs a parent; use `vhd diff`");
        }
        if (logicalSectorSize != 512 && logicalSectorSize != 4096) {
            throw new UnsupportedFormatException("logical sector size " + logicalSectorSize + " is neither 512 nor 4096");
        }
        if (physicalSectorSize != 512 && physicalSectorSize != 4096) {
            throw new UnsupportedFormatException("physical sector size " + physicalSectorSize + " is neither 512 nor 4096");
        }
        List<Integer> sectorSizes = driver.logicalSectorSizes();
        if (!sectorSizes.contains(logicalSectorSize)) {
            throw new UnsupportedFormatException(driver.format() + " supports only " + sectorSizes.stream()
                    .map(String::valueOf).collect(Collectors.joining(" or ")) + "-byte sectors");
        }
        if (size <= 0 || size % logicalSectorSize != 0) {
            throw new UnsupportedFormatException("size " + size + " is not a positive multiple of the "
                    + logicalSectorSize + "-byte sector");
        }
    }

    /** Advice that does not stop creation. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (size % MIB != 0) {
            warnings.add("size " + size + " is not a multiple of 1 MiB; Windows tools create whole megabytes");
        }
        return warnings;
    }
}
