package org.vhdboot.disk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The name of an image container format and the file extensions that choose it. What a format does lives in
 * its {@link FormatDriver}; a format vhdboot does not ship declares its own name in its package. The three
 * below are named here because the use cases decide by them (a raw file cannot be a layout's parent, a VHD
 * layout warns). One instance per format, so formats compare with {@code ==}.
 */
public final class DiskFormat {
    public static final DiskFormat VHDX = new DiskFormat("VHDX", "vhdx");
    public static final DiskFormat VHD = new DiskFormat("VHD", "vhd", "avhd");
    public static final DiskFormat RAW = new DiskFormat("RAW", "raw", "img", "bin");

    private final String name;
    private final List<String> extensions;

    /** @param extension the extension vhdboot gives new files, then any others that also choose the format */
    public DiskFormat(String name, String extension, String... otherExtensions) {
        this.name = name;
        List<String> all = new ArrayList<>();
        all.add(extension);
        all.addAll(List.of(otherExtensions));
        this.extensions = List.copyOf(all);
    }

    /** Upper case, as messages and {@code vhd info} show it: {@code VHDX}. */
    public String name() {
        return name;
    }

    /** The extension of new files, without the dot. */
    public String extension() {
        return extensions.get(0);
    }

    public List<String> extensions() {
        return extensions;
    }

    /** Whether {@code path}'s extension chooses this format. */
    public boolean names(Path path) {
        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = file.lastIndexOf('.');
        return dot >= 0 && extensions.contains(file.substring(dot + 1));
    }

    /** The format a file name implies, among the installed ones: `.vhdx`, `.vhd`, or `.raw`/`.img`/`.bin` for raw. */
    public static DiskFormat fromPath(Path path) throws UnsupportedFormatException {
        return FormatDrivers.installed().forPath(path).format();
    }

    /** The installed format called {@code name}, in any case; an {@link IllegalArgumentException} for no such format. */
    public static DiskFormat valueOf(String name) {
        return FormatDrivers.installed().named(name).format();
    }

    @Override
    public String toString() {
        return name;
    }
}
