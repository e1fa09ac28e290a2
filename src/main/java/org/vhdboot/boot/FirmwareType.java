package org.vhdboot.boot;

/** How the machine boots, which decides winload.efi or winload.exe. */
public enum FirmwareType {
    UEFI,
    BIOS,
    UNKNOWN
}
