package org.vhdboot.windows;

import java.io.IOException;
import java.util.List;

/** The volumes Windows has mounted, by the disk they live on: what an attach needs to hand out a drive letter. */
public interface DiskVolumes {

    /**
     * Volume GUID paths of the volumes on disk number {@code diskNumber} ({@code \\.\PhysicalDriveN}), largest
     * first: on a Windows image that is the Windows partition, not the EFI or recovery partition.
     */
    List<String> volumesOnDisk(int diskNumber) throws IOException;

    /** Drive letters and folders where {@code volumeName} is mounted, e.g. {@code E:\}. */
    List<String> mountPoints(String volumeName) throws IOException;

    /** Mounts {@code volumeName} at {@code driveLetter} ({@code X:}). */
    void assignDriveLetter(String volumeName, String driveLetter) throws IOException;
}
