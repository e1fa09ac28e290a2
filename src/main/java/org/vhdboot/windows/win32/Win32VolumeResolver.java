package org.vhdboot.windows.win32;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import org.vhdboot.windows.VolumeLocation;
import org.vhdboot.windows.VolumeResolver;
import org.vhdboot.windows.WindowsErrorException;
import org.vhdboot.windows.WindowsErrors;

import java.nio.file.Path;
import java.util.Optional;

/** Resolves paths and drive letters to volume GUID paths with GetVolumePathName and GetVolumeNameForVolumeMountPoint. */
public final class Win32VolumeResolver implements VolumeResolver {
    private static final int BUFFER_CHARS = 32768;

    @Override
    public Optional<VolumeLocation> locate(Path file) throws WindowsErrorException {
        String absolute = file.toAbsolutePath().toString();
        char[] mountPoint = new char[BUFFER_CHARS];
        if (!Kernel32.INSTANCE.GetVolumePathName(absolute, mountPoint, mountPoint.length)) {
            throw new WindowsErrorException("find the volume holding " + absolute, Native.getLastError());
        }
        String mount = Native.toString(mountPoint);
        return volumeAt(mount).map(volume -> VolumeLocation.of(volume, mount, absolute));
    }

    @Override
    public Optional<String> volumeOfDriveLetter(String driveLetter) throws WindowsErrorException {
        return volumeAt(driveLetter.endsWith("\\") ? driveLetter : driveLetter + "\\");
    }

    @Override
    public Optional<Path> mountPoint(String volumeName) {
        String withSlash = volumeName.endsWith("\\") ? volumeName : volumeName + "\\";
        try {
            return Kernel32Util.getVolumePathNamesForVolumeName(withSlash).stream().filter(p -> !p.isBlank())
                    .findFirst().map(Path::of);
        } catch (com.sun.jna.platform.win32.Win32Exception e) {
            return Optional.empty();
        }
    }

    /** The volume mounted at a folder ending in a backslash; empty where none is, e.g. on a network share. */
    private static Optional<String> volumeAt(String mountPoint) throws WindowsErrorException {
        String withSlash = mountPoint.endsWith("\\") ? mountPoint : mountPoint + "\\";
        char[] volume = new char[64];
        if (Kernel32.INSTANCE.GetVolumeNameForVolumeMountPoint(withSlash, volume, volume.length)) {
            return Optional.of(Native.toString(volume));
        }
        int error = Native.getLastError();
        if (error == WindowsErrors.ERROR_FILE_NOT_FOUND || error == WindowsErrors.ERROR_PATH_NOT_FOUND
                || error == WindowsErrors.ERROR_INVALID_PARAMETER || error == WindowsErrors.ERROR_NOT_SUPPORTED) {
            return Optional.empty();
        }
        throw new WindowsErrorException("find the volume mounted at " + withSlash, error);
    }
}
