package org.vhdboot.windows;

import org.vhdboot.windows.virtdisk.DependentDiskFlag;

import java.util.Optional;

/**
 * A virtual disk file the running OS depends on, as Windows names it: a volume GUID path (from
 * GetStorageDependencyInformation) or a drive letter (from bcdedit's {@code osdevice}), plus the path on that
 * volume. Either name is only meaningful inside the running OS; {@link BootedDiskMatcher} compares identities.
 *
 * @param volumeName {@code \\?\Volume{GUID}\}, when Windows gave one
 * @param driveLetter {@code D:}, when bcdedit gave one
 * @param pathOnVolume the file's path from the volume root, e.g. {@code \vhd\Win-Current.vhdx}
 * @param ancestorLevel the entry's AncestorLevel in the running chain; which end is 0 is not documented
 * @param dependencyFlags the entry's DependencyTypeFlags (DEPENDENT_DISK_FLAG); 0 when bcdedit named the file
 */
public record BackingFile(Optional<String> volumeName, Optional<String> driveLetter, String pathOnVolume,
        int ancestorLevel, int dependencyFlags) {

    public static BackingFile onVolume(String volumeName, String pathOnVolume, int ancestorLevel, int dependencyFlags) {
        return new BackingFile(Optional.of(volumeName), Optional.empty(), pathOnVolume, ancestorLevel, dependencyFlags);
    }

    public static BackingFile onDrive(String driveLetter, String pathOnVolume) {
        return new BackingFile(Optional.empty(), Optional.of(driveLetter), pathOnVolume, 0, 0);
    }

    /** bcdedit named no drive letter (e.g. {@code [locate]}): only the path on the volume is known. */
    public static BackingFile onUnknownVolume(String pathOnVolume) {
        return new BackingFile(Optional.empty(), Optional.empty(), pathOnVolume, 0, 0);
    }

    /** Windows flagged this entry DEPENDENT_DISK_FLAG_PARENT: an ancestor of the running disk, never the disk itself. */
    public boolean parent() {
        return DependentDiskFlag.PARENT.in(dependencyFlags);
    }

    /** The file as Windows named it, for messages and {@code status}. */
    public String describe() {
        String path = pathOnVolume.startsWith("\\") ? pathOnVolume : "\\" + pathOnVolume;
        if (volumeName.isPresent()) {
            String volume = volumeName.get();
            return (volume.endsWith("\\") ? volume.substring(0, volume.length() - 1) : volume) + path;
        }
        return driveLetter.map(letter -> letter + path).orElse("[unknown volume]" + path);
    }
}
