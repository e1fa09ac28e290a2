package org.vhdboot.windows.virtdisk;

/**
 * One STORAGE_DEPENDENCY_INFO_TYPE_2 entry, its strings copied out of the native buffer.
 *
 * @param ancestorLevel the entry's depth in the chain: the running disk itself has the lowest
 * @param hostVolumeName the volume holding the backing file, {@code \\?\Volume{GUID}\}
 * @param dependentVolumeRelativePath the backing file's path on that volume, e.g. {@code \vhd\Win-Current.vhdx}
 */
public record StorageDependency(int dependencyTypeFlags, int providerSpecificFlags, int storageDeviceId,
        int ancestorLevel, String dependencyDeviceName, String hostVolumeName, String dependentVolumeName,
        String dependentVolumeRelativePath) {
}
