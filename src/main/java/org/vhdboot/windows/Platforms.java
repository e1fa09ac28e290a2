package org.vhdboot.windows;

import java.util.Locale;

/** Picks the {@link Platform} for the machine vhdboot runs on. */
public final class Platforms {

    private Platforms() {
    }

    public static boolean isWindows(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    public static boolean runningOnWindows() {
        return isWindows(System.getProperty("os.name"));
    }

    /**
     * {@link WindowsPlatform} on Windows, {@link PortablePlatform} elsewhere.
     *
     * @param currentOsDevice the {@code osdevice} of {@code bcdedit /enum {current} /v}, the fallback when
     *                        Windows cannot list the system volume's backing files
     */
    public static Platform current(CurrentOsDevice currentOsDevice) {
        return runningOnWindows() ? WindowsPlatform.create(currentOsDevice) : new PortablePlatform();
    }

    /** Like {@link #current(CurrentOsDevice)} without the bcdedit fallback. */
    public static Platform current() {
        return current(CurrentOsDevice.UNAVAILABLE);
    }
}
