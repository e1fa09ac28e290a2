package org.vhdboot.windows.virtdisk;

/**
 * GET_VIRTUAL_DISK_INFO_SIZE.
 *
 * @param virtualSize the disk size the guest sees
 * @param physicalSize the image file's size on the host volume
 */
public record DiskSize(long virtualSize, long physicalSize, int blockSize, int sectorSize) {
}
