package org.vhdboot.ops;

import org.vhdboot.layout.EntryText;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout folder as Windows sees it at boot ({@code C:\VHD}), from {@code init --boot-folder} or
 * {@code boot_folder} in {@code vhdboot.ini}: it becomes part of every entry's {@code vhd=[C:]\VHD\…} element, so
 * one rule decides what it may hold, wherever it came from.
 */
final class BootFolder {
    private static final Pattern WINDOWS_FOLDER = Pattern.compile("^([A-Za-z]):(\\\\.*)?$");

    private BootFolder() {
    }

    /** Why {@code folder} cannot be a boot folder, or empty when it can. */
    static Optional<String> problem(String folder) {
        if (!WINDOWS_FOLDER.matcher(folder.replace('/', '\\')).matches()) {
            return Optional.of("is not a Windows folder like C:\\VHD");
        }
        return EntryText.problem(folder);
    }

    /** {@code [C:]\VHD\FILE}, as {@code vhd=} expects it; {@code folder} passed {@link #problem}. */
    static String vhdDevice(String folder, String file) {
        Matcher drive = WINDOWS_FOLDER.matcher(folder.replace('/', '\\'));
        if (!drive.matches()) {
            throw new IllegalArgumentException("not a boot folder: " + folder);
        }
        String rest = drive.group(2) == null ? "" : drive.group(2).replaceAll("\\\\+$", "");
        return "[" + drive.group(1).toUpperCase(Locale.ROOT) + ":]" + rest + "\\" + file;
    }
}
