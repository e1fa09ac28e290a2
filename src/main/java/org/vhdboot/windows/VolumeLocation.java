package org.vhdboot.windows;

import java.util.Locale;

/**
 * Where a file lives, independent of drive letters: the volume's GUID path and the file's path from that
 * volume's root. Comparisons ignore case and separator style, as NTFS and the Windows APIs do.
 *
 * @param volumeName {@code \\?\Volume{GUID}\}
 * @param pathOnVolume e.g. {@code \vhd\Win-Current.vhdx}
 */
public record VolumeLocation(String volumeName, String pathOnVolume) {

    /**
     * Splits {@code absolutePath} at {@code mountPoint}, the folder GetVolumePathName returned for it
     * ({@code C:\}, or {@code C:\mnt\data\} for a folder mount).
     */
    public static VolumeLocation of(String volumeName, String mountPoint, String absolutePath) {
        String path = absolutePath.replace('/', '\\');
        String mount = mountPoint.replace('/', '\\');
        if (!path.regionMatches(true, 0, mount, 0, mount.length())
                && !(mount.endsWith("\\") && path.equalsIgnoreCase(mount.substring(0, mount.length() - 1)))) {
            throw new IllegalArgumentException(absolutePath + " is not under its mount point " + mountPoint);
        }
        String rest = path.length() >= mount.length() ? path.substring(mount.length()) : "";
        return new VolumeLocation(volumeName, rest.startsWith("\\") ? rest : "\\" + rest);
    }

    public boolean sameFileAs(String otherVolumeName, String otherPathOnVolume) {
        return sameVolume(volumeName, otherVolumeName) && samePath(pathOnVolume, otherPathOnVolume);
    }

    public static boolean sameVolume(String a, String b) {
        return normalizedVolume(a).equals(normalizedVolume(b));
    }

    public static boolean samePath(String a, String b) {
        return normalizedPath(a).equals(normalizedPath(b));
    }

    /** {@code \\.\} and {@code \\?\} prefixes name the same volume; the trailing backslash is optional. */
    static String normalizedVolume(String volume) {
        String v = volume.trim().replace('/', '\\').toLowerCase(Locale.ROOT);
        if (v.startsWith("\\\\.\\")) {
            v = "\\\\?\\" + v.substring(4);
        }
        return v.endsWith("\\") ? v : v + "\\";
    }

    static String normalizedPath(String path) {
        String p = path.trim().replace('/', '\\').replaceAll("\\\\{2,}", "\\\\").toLowerCase(Locale.ROOT);
        return p.startsWith("\\") ? p : "\\" + p;
    }
}
