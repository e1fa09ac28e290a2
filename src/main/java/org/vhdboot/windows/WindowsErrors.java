package org.vhdboot.windows;

import java.util.Map;

/** One-line explanations of the Win32 and virtdisk error codes vhdboot meets, worded for the person at the console. */
public final class WindowsErrors {
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_PATH_NOT_FOUND = 3;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_SHARING_VIOLATION = 32;
    public static final int ERROR_NOT_SUPPORTED = 50;
    public static final int ERROR_FILE_EXISTS = 80;
    public static final int ERROR_INVALID_PARAMETER = 87;
    public static final int ERROR_INSUFFICIENT_BUFFER = 122;
    public static final int ERROR_ALREADY_EXISTS = 183;
    public static final int ERROR_UNSUPPORTED_COMPRESSION = 618;
    public static final int ERROR_FILE_SYSTEM_LIMITATION = 665;
    public static final int ERROR_NOT_ALL_ASSIGNED = 1300;
    public static final int ERROR_PRIVILEGE_NOT_HELD = 1314;
    public static final int ERROR_FILE_CORRUPT = 1392;
    public static final int ERROR_FILE_ENCRYPTED = 6002;
    public static final int ERROR_VHD_PARENT_VHD_NOT_FOUND = 0xC03A000D;
    public static final int ERROR_VHD_CHILD_PARENT_ID_MISMATCH = 0xC03A000E;
    public static final int ERROR_VHD_CHILD_PARENT_TIMESTAMP_MISMATCH = 0xC03A000F;
    public static final int ERROR_VIRTDISK_PROVIDER_NOT_FOUND = 0xC03A0014;
    public static final int ERROR_VIRTDISK_NOT_VIRTUAL_DISK = 0xC03A0015;
    public static final int ERROR_VHD_PARENT_VHD_ACCESS_DENIED = 0xC03A0016;
    public static final int ERROR_VHD_CHILD_PARENT_SIZE_MISMATCH = 0xC03A0017;
    public static final int ERROR_VHD_DIFFERENCING_CHAIN_CYCLE_DETECTED = 0xC03A0018;
    public static final int ERROR_VHD_DIFFERENCING_CHAIN_ERROR_IN_PARENT = 0xC03A0019;
    public static final int ERROR_VIRTDISK_DISK_ALREADY_OWNED = 0xC03A001E;
    public static final int ERROR_VIRTDISK_DISK_ONLINE_AND_WRITABLE = 0xC03A001F;

    private static final Map<Integer, String> EXPLANATIONS = Map.ofEntries(
            Map.entry(ERROR_FILE_NOT_FOUND, "the file does not exist"),
            Map.entry(ERROR_PATH_NOT_FOUND, "a folder in the path does not exist"),
            Map.entry(ERROR_ACCESS_DENIED, "access denied: not elevated, run as administrator"),
            Map.entry(ERROR_SHARING_VIOLATION,
                    "the image is in use: it is attached, booted, or open in another program"),
            Map.entry(ERROR_NOT_SUPPORTED, "this version of Windows does not support the operation"),
            Map.entry(ERROR_FILE_EXISTS, "the file already exists"),
            Map.entry(ERROR_INVALID_PARAMETER,
                    "Windows rejected the request's parameters (structure version, access mask, size or block size)"),
            Map.entry(ERROR_INSUFFICIENT_BUFFER, "Windows' answer did not fit the buffer vhdboot gave it"),
            Map.entry(ERROR_ALREADY_EXISTS, "a file or disk with that name already exists"),
            Map.entry(ERROR_UNSUPPORTED_COMPRESSION,
                    "the image's folder or volume is NTFS-compressed, which virtual disks do not allow"),
            Map.entry(ERROR_FILE_SYSTEM_LIMITATION,
                    "the image is on a network or loopback share; virtual disks must be on a local volume"),
            Map.entry(ERROR_NOT_ALL_ASSIGNED,
                    "the process lacks the privilege it tried to enable; run as administrator"),
            Map.entry(ERROR_PRIVILEGE_NOT_HELD,
                    "a required privilege (SeManageVolumePrivilege) is not held; run as administrator"),
            Map.entry(ERROR_FILE_CORRUPT, "the file is corrupt or has an impossible size"),
            Map.entry(ERROR_FILE_ENCRYPTED, "the image is EFS-encrypted, which virtual disks do not allow"),
            Map.entry(ERROR_VHD_PARENT_VHD_NOT_FOUND, "the parent of this differencing disk cannot be found"),
            Map.entry(ERROR_VHD_CHILD_PARENT_ID_MISMATCH,
                    "the parent was modified after the child was made (its identifier no longer matches)"),
            Map.entry(ERROR_VHD_CHILD_PARENT_TIMESTAMP_MISMATCH,
                    "the parent was modified after the child was made (its timestamp no longer matches)"),
            Map.entry(ERROR_VIRTDISK_PROVIDER_NOT_FOUND,
                    "no virtual disk provider handles this storage type; check the file extension (.vhdx or .vhd)"),
            Map.entry(ERROR_VIRTDISK_NOT_VIRTUAL_DISK, "the file is not a virtual disk image"),
            Map.entry(ERROR_VHD_PARENT_VHD_ACCESS_DENIED, "access to the parent image was denied"),
            Map.entry(ERROR_VHD_CHILD_PARENT_SIZE_MISMATCH, "the child and its parent disagree on the disk size"),
            Map.entry(ERROR_VHD_DIFFERENCING_CHAIN_CYCLE_DETECTED,
                    "the chain of differencing disks loops back on itself"),
            Map.entry(ERROR_VHD_DIFFERENCING_CHAIN_ERROR_IN_PARENT,
                    "an image further down the differencing chain is broken"),
            Map.entry(ERROR_VIRTDISK_DISK_ALREADY_OWNED, "the virtual disk is already attached by someone else"),
            Map.entry(ERROR_VIRTDISK_DISK_ONLINE_AND_WRITABLE,
                    "the virtual disk is attached, online and writable; unmount it first"));

    private WindowsErrors() {
    }

    /** What the code means for the user, or a generic line for codes vhdboot does not expect. */
    public static String explain(int code) {
        String known = EXPLANATIONS.get(code);
        return known != null ? known : "Windows reported an unexpected error";
    }

    public static boolean known(int code) {
        return EXPLANATIONS.containsKey(code);
    }

    /** {@code Windows error 32}, or {@code Windows error 0xC03A000E} for the facility-coded virtdisk errors. */
    public static String codeText(int code) {
        return code >= 0 && code <= 0xFFFF ? "Windows error " + code : String.format("Windows error 0x%08X", code);
    }
}
