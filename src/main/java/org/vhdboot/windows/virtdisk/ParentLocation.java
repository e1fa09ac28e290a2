package org.vhdboot.windows.virtdisk;

import java.util.List;

/**
 * GET_VIRTUAL_DISK_INFO_PARENT_LOCATION.
 *
 * @param resolved whether virtdisk found the parent; then {@code paths} holds just that file
 * @param paths the resolved parent, or else every location the child records, in virtdisk's order
 */
public record ParentLocation(boolean resolved, List<String> paths) {
    public ParentLocation {
        paths = List.copyOf(paths);
    }
}
