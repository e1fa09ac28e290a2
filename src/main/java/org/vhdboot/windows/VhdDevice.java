package org.vhdboot.windows;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the device syntax of a boot entry's {@code osdevice}: {@code vhd=[D:]\dir\X-Current.vhdx}, possibly
 * followed by {@code ,locate=custom:22000002}. Reading bcdedit itself is the boot package's job.
 */
public final class VhdDevice {
    private static final Pattern VHD = Pattern.compile(
            "vhd=\\[([^\\]]*)\\](.+?)(?:,locate=[^\\\\,]*)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DRIVE_LETTER = Pattern.compile("[A-Za-z]:");

    private VhdDevice() {
    }

    /**
     * The backing file an {@code osdevice} value names, or empty when it is not a virtual disk device
     * (e.g. {@code partition=C:}).
     *
     * @throws IllegalArgumentException for a {@code vhd=} value that does not follow the syntax
     */
    public static Optional<BackingFile> parse(String osDevice) {
        String value = osDevice.trim();
        if (!value.regionMatches(true, 0, "vhd=", 0, 4)) {
            return Optional.empty();
        }
        Matcher m = VHD.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read the virtual disk device '" + osDevice
                    + "': expected vhd=[X:]\\path\\file.vhdx");
        }
        String host = m.group(1).trim();
        String path = m.group(2);
        if (DRIVE_LETTER.matcher(host).matches()) {
            return Optional.of(BackingFile.onDrive(host.toUpperCase(java.util.Locale.ROOT), path));
        }
        return Optional.of(BackingFile.onUnknownVolume(path));
    }
}
