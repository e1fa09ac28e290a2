package org.vhdboot.windows.virtdisk;

import java.util.ArrayList;
import java.util.List;

/** DEPENDENT_DISK_FLAG: the bits of STORAGE_DEPENDENCY_INFO_TYPE_2's DependencyTypeFlags (virtdisk.h). */
public enum DependentDiskFlag {
    MULT_BACKING_FILES(0x1),
    FULLY_ALLOCATED(0x2),
    READ_ONLY(0x4),
    REMOTE(0x8),
    SYSTEM_VOLUME(0x10),
    SYSTEM_VOLUME_PARENT(0x20),
    REMOVABLE(0x40),
    NO_DRIVE_LETTER(0x80),
    /** The entry is a parent (an ancestor) in the chain, not the disk the volume lives on. */
    PARENT(0x100),
    NO_HOST_DISK(0x200),
    PERMANENT_LIFETIME(0x400),
    SUPPORT_COMPRESSED_VOLUMES(0x800),
    ALWAYS_ALLOW_SPARSE(0x1000),
    SUPPORT_ENCRYPTED_FILES(0x2000);

    private final int bit;

    DependentDiskFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public boolean in(int flags) {
        return (flags & bit) != 0;
    }

    /** The names of the bits set in {@code flags}, bits vhdboot does not know as hex, e.g. {@code PARENT, 0x4000}. */
    public static String names(int flags) {
        List<String> names = new ArrayList<>();
        int known = 0;
        for (DependentDiskFlag flag : values()) {
            known |= flag.bit;
            if (flag.in(flags)) {
                names.add(flag.name());
            }
        }
        if ((flags & ~known) != 0) {
            names.add(String.format("0x%X", flags & ~known));
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
