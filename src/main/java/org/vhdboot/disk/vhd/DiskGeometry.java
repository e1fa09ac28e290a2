package org.vhdboot.disk.vhd;

/** Cylinder/head/sector geometry as the VHD specification's appendix computes it. */
public record DiskGeometry(int cylinders, int heads, int sectorsPerTrack) {
    private static final long MAX_SECTORS = 65535L * 16 * 255;

    public static DiskGeometry forSize(long bytes) {
        long totalSectors = Math.min(bytes / 512, MAX_SECTORS);
        long sectorsPerTrack;
        long heads;
        long cylinderTimesHeads;
        if (totalSectors >= 65535L * 16 * 63) {
            sectorsPerTrack = 255;
            heads = 16;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
        } else {
            sectorsPerTrack = 17;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
            heads = (cylinderTimesHeads + 1023) / 1024;
            if (heads < 4) {
                heads = 4;
            }
            if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
                sectorsPerTrack = 31;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
            if (cylinderTimesHeads >= heads * 1024) {
                sectorsPerTrack = 63;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
        }
        return new DiskGeometry((int) (cylinderTimesHeads / heads), (int) heads, (int) sectorsPerTrack);
    }

    public long bytes() {
        return (long) cylinders * heads * sectorsPerTrack * 512;
    }

    @Override
    public String toString() {
        return cylinders + "/" + heads + "/" + sectorsPerTrack;
    }
}
