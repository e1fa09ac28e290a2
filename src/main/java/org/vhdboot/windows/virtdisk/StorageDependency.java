package org.vhdboot.windows.virtdisk;

/**
 * One STORAGE_DEPENDENCY_INFO_TYPE_2 entry, its strings copied out of the native buffer.
 *
 * @param dependencyTypeFlags DEPENDENT_DISK_FLAG bits, see {@link DependentDiskFlag}; PARENT marks ancestors
 * @param ancestorLevel the entry's depth in the chain; which end is 0 is not documented
 * @param hostVolumeName the volume holding the backing file, {@code \\?\Volume{GUID}\}
 * @param dependentVolumeRelativePath the backing file's path on that volume, e.g. {@code \vhd\Win-Current.vhdx}
 */
public record StorageDependency(int dependencyTypeFlags, int providerSpecificFlags, int storageDeviceId,
        int ancestorLevel, String dependencyDeviceName, String hostVolumeName, String dependentVolumeName,
        String dependentVolumeRelativePath) {
}
