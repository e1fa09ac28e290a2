package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * STORAGE_DEPENDENCY_INFO_TYPE_2: one backing file of a volume or disk; 64 bytes, alignment 8 (natural
 * alignment, unlike DataTools' Pack = 1). The strings point into the same buffer as the array.
 */
@FieldOrder({"DependencyTypeFlags", "ProviderSpecificFlags", "VirtualStorageType", "AncestorLevel",
        "DependencyDeviceName", "HostVolumeName", "DependentVolumeName", "DependentVolumeRelativePath"})
public class StorageDependencyInfoType2 extends WindowsX64Structure {
    public int DependencyTypeFlags;
    public int ProviderSpecificFlags;
    public VirtualStorageType VirtualStorageType = new VirtualStorageType();
    public int AncestorLevel;
    /** {@code \\.\PhysicalDriveN}. */
    public Pointer DependencyDeviceName;
    /** {@code \\?\Volume{GUID}\}: the volume holding the backing file. */
    public Pointer HostVolumeName;
    public Pointer DependentVolumeName;
    /** The backing file's path on the host volume, e.g. {@code \vhd\Win-Current.vhdx}. */
    public Pointer DependentVolumeRelativePath;

    public StorageDependencyInfoType2() {
    }

    public StorageDependencyInfoType2(Pointer memory) {
        super(memory);
    }
}
