package org.vhdboot.cli;

import org.vhdboot.disk.DiskType;

/** The image types a user can ask for directly; differencing images come from {@code vhd diff}. */
enum CreateType {
    dynamic(DiskType.DYNAMIC),
    fixed(DiskType.FIXED);

    private final DiskType type;

    CreateType(DiskType type) {
        this.type = type;
    }

    DiskType diskType() {
        return type;
    }
}
