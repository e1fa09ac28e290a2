package org.vhdboot.disk;

import java.util.Map;

/**
 * What {@code vhd info} shows about one file.
 *
 * @param allocatedBytes virtual-disk bytes this file stores itself
 * @param id the image's unique id (VHD) or page 83 virtual disk id (VHDX)
 * @param details format-specific fields, in display order
 * @param parentLink the stored parent-link fields, empty without a parent
 */
public record LayerInfo(
        String path,
        DiskFormat format,
        DiskType type,
        long virtualSize,
        long fileSize,
        long allocatedBytes,
        long blockSize,
        int logicalSectorSize,
        int physicalSectorSize,
        String id,
        String creator,
        Map<String, Object> details,
        Map<String, String> parentLink) {
}
