package org.vhdboot.windows;

import java.util.Optional;

/**
 * A virtual disk file the running OS depends on, as Windows names it: a volume GUID path (from
 * GetStorageDependencyInformation) or a drive letter (from bcdedit's {@code osdevice}), plus the path on that
 * volume. Either name is only meaningful inside the running OS; {@link BootedDiskMatcher} compares identities.
 *
 * @param volumeName {@code \\?\Volume{GUID}\}, when Windows gave one
 * @param driveLetter {@code D:}, when bcdedit gave one
 * @param pathOnVolume the file's path from the volume root, e.g. {@code \vhd\Win-Current.vhdx}
 * @param ancestorLevel depth in the running chain; the running disk itself has the lowest
 */
public record BackingFile(Optional<String> volumeName, Optional<String> driveLetter, String pathOnVolume,
        int ancestorLevel) {

    public static BackingFile onVolume(String volumeName, String pathOnVolume, int ancestorLevel) {
        return new BackingFile(Optional.of(volumeName), Optional.empty(), pathOnVolume, ancestorLevel);
    }

    public static BackingFile onDrive(String driveLetter, String pathOnVolume) {
        return new BackingFile(Optional.empty(), Optional.of(driveLetter), pathOnVolume, 0);
    }

    /** bcdedit named no drive letter (e.g. {@code [locate]}): only the path on the volume is known. */
    public static BackingFile onUnknownVolume(String pathOnVolume) {
        return new BackingFile(Optional.empty(), Optional.empty(), pathOnVolume, 0);
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
