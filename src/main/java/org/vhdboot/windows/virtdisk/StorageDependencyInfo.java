package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * STORAGE_DEPENDENCY_INFO, the container: Version and NumberEntries, then the entry array at 8. Declared
 * with one entry; the real array continues past it in the caller's buffer.
 */
@FieldOrder({"Version", "NumberEntries", "Version2Entries"})
public class StorageDependencyInfo extends WindowsX64Structure {
    public static final int VERSION_2 = 2;

    public int Version;
    public int NumberEntries;
    public StorageDependencyInfoType2[] Version2Entries = new StorageDependencyInfoType2[1];

    public StorageDependencyInfo() {
    }

    public StorageDependencyInfo(Pointer memory) {
        super(memory);
    }
}
