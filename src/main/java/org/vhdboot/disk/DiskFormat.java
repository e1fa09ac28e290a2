package org.vhdboot.disk;

import java.nio.file.Path;
import java.util.Locale;

/** The image container formats the engine understands, chosen by file extension. */
public enum DiskFormat {
    VHDX("vhdx"),
    VHD("vhd"),
    RAW("raw");

    private final String extension;

    DiskFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The format a file name implies: `.vhdx`, `.vhd`, or `.raw`/`.img`/`.bin` for raw. */
    public static DiskFormat fromPath(Path path) throws UnsupportedFormatException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        switch (ext) {
            case "vhdx":
                return VHDX;
            case "vhd":
            case "avhd":
                return VHD;
            case "raw":
            case "img":
            case "bin":
                return RAW;
            default:
                throw new UnsupportedFormatException("cannot tell the image format of " + path.getFileName()
                        + ": use the extension .vhdx, .vhd, or .raw/.img/.bin");
        }
    }
}
