package org.vhdboot.windows.win32;

import com.sun.jna.platform.win32.WinNT;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CreateFile arguments for the handle GetStorageDependencyInformation is asked about, as Microsoft's own
 * sample (Windows-classic-samples, Hyper-V Storage) opens it: the volume's root {@code \\.\C:\} with
 * GENERIC_READ, shared for reading and writing, with FILE_FLAG_BACKUP_SEMANTICS because the root is a folder.
 *
 * @param path e.g. {@code \\.\C:\}
 */
record VolumeQueryHandle(String path, int access, int share, int flags) {
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:");

    /** For {@code drive} (e.g. {@code C:}, from %SystemDrive%); C: when the value is missing or not a drive. */
    static VolumeQueryHandle forDrive(Optional<String> drive) {
        String letter = drive.map(String::strip).filter(d -> DRIVE.matcher(d).matches()).orElse("C:");
        return new VolumeQueryHandle("\\\\.\\" + letter.toUpperCase(Locale.ROOT) + "\\", WinNT.GENERIC_READ,
                WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE,
                WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_BACKUP_SEMANTICS);
    }
}
