package org.vhdboot.windows;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The raw answers {@link WindowsPlatform} needs from Windows, one native call each; the platform turns them
 * into decisions. Paths are strings because volume GUID paths ({@code \\?\Volume{...}\}) are not valid
 * {@link java.nio.file.Path}s.
 */
public interface WindowsSystem {
    int FIRMWARE_TYPE_BIOS = 1;
    int FIRMWARE_TYPE_UEFI = 2;
    int FILE_ATTRIBUTE_COMPRESSED = 0x800;
    int FILE_ATTRIBUTE_ENCRYPTED = 0x4000;
    int FILE_VOLUME_IS_COMPRESSED = 0x8000;

    /** Whether the process token is elevated (TokenElevation). */
    boolean elevated() throws IOException;

    /** GetFirmwareType's FIRMWARE_TYPE: 0 unknown, 1 BIOS, 2 UEFI. */
    int firmwareType() throws IOException;

    /** IsNativeVhdBoot. */
    boolean nativeVhdBoot() throws IOException;

    /** The virtual disk files behind the system volume, from GetStorageDependencyInformation (host volumes, version 2). */
    List<BackingFile> systemVolumeBackingFiles() throws IOException;

    /** GetFileAttributes of a file, folder or volume root. */
    int fileAttributes(String path) throws IOException;

    /** The file-system flags GetVolumeInformation reports for a volume root. */
    int volumeFlags(String volumeRoot) throws IOException;

    /** A REG_DWORD under HKEY_LOCAL_MACHINE; empty when the key or value does not exist. */
    Optional<Integer> machineDword(String key, String value) throws IOException;

    /** Whether opening {@code file} with share mode 0 fails with ERROR_SHARING_VIOLATION. */
    boolean sharingViolation(String file) throws IOException;
}
