package org.vhdboot.windows.win32;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winioctl;
import com.sun.jna.ptr.IntByReference;
import org.vhdboot.windows.DiskVolumes;
import org.vhdboot.windows.WindowsErrorException;
import org.vhdboot.windows.WindowsErrors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds volumes by disk with FindFirstVolume/FindNextVolume and IOCTL_STORAGE_GET_DEVICE_NUMBER, lists their
 * mount points with GetVolumePathNamesForVolumeName (jna-platform's Kernel32Util), and mounts them with
 * SetVolumeMountPoint.
 */
public final class Win32DiskVolumes implements DiskVolumes {
    private static final int ERROR_NO_MORE_FILES = 18;

    @Override
    public List<String> volumesOnDisk(int diskNumber) throws WindowsErrorException {
        List<String> found = new ArrayList<>();
        char[] name = new char[64];
        WinNT.HANDLE search = Kernel32.INSTANCE.FindFirstVolume(name, name.length);
        if (WinBase.INVALID_HANDLE_VALUE.equals(search)) {
            throw new WindowsErrorException("list the volumes", Native.getLastError());
        }
        try {
            do {
                String volume = Native.toString(name);
                if (deviceNumber(volume) == diskNumber) {
                    found.add(volume);
                }
            } while (Kernel32.INSTANCE.FindNextVolume(search, name, name.length));
            int error = Native.getLastError();
            if (error != ERROR_NO_MORE_FILES) {
                throw new WindowsErrorException("list the volumes", error);
            }
        } finally {
            Kernel32.INSTANCE.FindVolumeClose(search);
        }
        found.sort(Comparator.comparingLong(Win32DiskVolumes::totalBytes).reversed());
        return found;
    }

    /** The volume's capacity, or 0 when it cannot be read (then it sorts last). */
    private static long totalBytes(String volume) {
        WinNT.LARGE_INTEGER total = new WinNT.LARGE_INTEGER();
        return Kernel32.INSTANCE.GetDiskFreeSpaceEx(volume, null, total, null) ? total.getValue() : 0;
    }

    /** The disk number a volume lives on, or -1 when it spans disks or cannot be asked (e.g. a CD drive without media). */
    private static int deviceNumber(String volume) {
        // CreateFile wants the volume without its trailing backslash, which would name its root folder instead.
        String device = volume.endsWith("\\") ? volume.substring(0, volume.length() - 1) : volume;
        WinNT.HANDLE handle = Kernel32.INSTANCE.CreateFile(device, 0, WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE,
                null, WinNT.OPEN_EXISTING, 0, null);
        if (WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
            return -1;
        }
        try {
            Winioctl.STORAGE_DEVICE_NUMBER number = new Winioctl.STORAGE_DEVICE_NUMBER();
            IntByReference returned = new IntByReference();
            if (!Kernel32.INSTANCE.DeviceIoControl(handle, Winioctl.IOCTL_STORAGE_GET_DEVICE_NUMBER, null, 0,
                    number.getPointer(), number.size(), returned, null)) {
                return -1;
            }
            number.read();
            return number.DeviceNumber;
        } finally {
            Kernel32.INSTANCE.CloseHandle(handle);
        }
    }

    @Override
    public List<String> mountPoints(String volumeName) throws WindowsErrorException {
        try {
            return Kernel32Util.getVolumePathNamesForVolumeName(volumeName);
        } catch (Win32Exception e) {
            throw new WindowsErrorException("list the mount points of " + volumeName, e.getErrorCode());
        }
    }

    @Override
    public void assignDriveLetter(String volumeName, String driveLetter) throws WindowsErrorException {
        String mountPoint = driveLetter.endsWith("\\") ? driveLetter : driveLetter + "\\";
        if (!Kernel32.INSTANCE.SetVolumeMountPoint(mountPoint, volumeName)) {
            int error = Native.getLastError();
            throw new WindowsErrorException("mount " + volumeName + " at " + mountPoint, error == 0
                    ? WindowsErrors.ERROR_INVALID_PARAMETER : error);
        }
    }
}
