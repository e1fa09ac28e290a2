package org.vhdboot.windows;

import java.nio.file.Path;
import java.util.List;

/**
 * An attached image.
 *
 * @param device the disk it became, {@code \\.\PhysicalDriveN}
 * @param mountPoints drive letters and folders its volumes are mounted at, as far as known
 * @param notes what could not be done or checked, one line each (e.g. a letter that could not be assigned)
 */
public record AttachedDisk(Path image, String device, boolean readOnly, List<String> mountPoints, List<String> notes) {
    public AttachedDisk {
        mountPoints = List.copyOf(mountPoints);
        notes = List.copyOf(notes);
    }
}
