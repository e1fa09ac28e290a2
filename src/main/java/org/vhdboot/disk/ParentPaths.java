package org.vhdboot.disk;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps parent paths between the Windows form stored in images ({@code .\Parent.vhdx}, {@code C:\dir\Parent.vhdx})
 * and local paths, so chains made on Windows open on Linux and the other way round.
 */
public final class ParentPaths {
    private final boolean windows;

    public ParentPaths(boolean windows) {
        this.windows = windows;
    }

    public static ParentPaths forThisSystem() {
        return new ParentPaths(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));
    }

    /** The stored relative form, always with a leading {@code .\} or {@code ..\}, as Windows writes it. */
    public String relative(Path childFolder, Path parent) {
        Path from = childFolder.toAbsolutePath().normalize();
        Path to = parent.toAbsolutePath().normalize();
        String relative = from.relativize(to).toString().replace('/', '\\');
        return relative.startsWith("..") ? relative : ".\\" + relative;
    }

    /**
     * The stored absolute form: the path in {@code windowsFolder} when the caller knows where Windows will
     * see the parent's folder; otherwise the real path on Windows and the local path with backslashes elsewhere.
     */
    public String absolute(Path parent, Optional<String> windowsFolder) {
        if (windowsFolder.isPresent()) {
            String folder = windowsFolder.get().replace('/', '\\').replaceAll("\\\\+$", "");
            return folder + "\\" + parent.getFileName();
        }
        return absolute(parent);
    }

    /** The VHDX absolute_win32_path form, with the long-path prefix where the path has a drive letter. */
    public String absoluteWin32(Path parent, Optional<String> windowsFolder) {
        String path = absolute(parent, windowsFolder);
        return windows || windowsFolder.isPresent() ? "\\\\?\\" + path : path;
    }

    /** The stored absolute form: the real path on Windows, the local path with backslashes elsewhere. */
    public String absolute(Path parent) {
        String path = parent.toAbsolutePath().normalize().toString();
        return windows ? path : path.replace('/', '\\');
    }

    /** The VHDX absolute_win32_path form: {@code \\?\C:\dir\Parent.vhdx} on Windows. */
    public String absoluteWin32(Path parent) {
        return absoluteWin32(parent, Optional.empty());
    }

    public Optional<Path> resolveRelative(Path childFolder, String stored) {
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        String local = stored.replace('\\', '/');
        try {
            return Optional.of(childFolder.resolve(local).normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Maps an absolute stored path to a local one; a drive-letter path has no meaning outside Windows. */
    public Optional<Path> resolveAbsolute(String stored) {
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        String path = stored;
        if (path.startsWith("\\\\?\\") && !path.regionMatches(true, 4, "Volume{", 0, 7)) {
            path = path.substring(4);
        }
        boolean driveLetter = path.length() >= 2 && path.charAt(1) == ':';
        try {
            if (windows) {
                return Optional.of(Paths.get(path));
            }
            if (driveLetter || path.startsWith("\\\\")) {
                return Optional.empty();
            }
            return Optional.of(Paths.get(path.replace('\\', '/')));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Just the file name of a stored path, for the last-resort lookup in the child's folder. */
    public static String fileName(String stored) {
        String name = stored;
        int cut = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
        return cut >= 0 ? name.substring(cut + 1) : name;
    }
}
