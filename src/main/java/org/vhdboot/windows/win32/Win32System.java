package org.vhdboot.windows.win32;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.ptr.IntByReference;
import org.vhdboot.windows.BackingFile;
import org.vhdboot.windows.WindowsErrorException;
import org.vhdboot.windows.WindowsErrors;
import org.vhdboot.windows.WindowsSystem;
import org.vhdboot.windows.virtdisk.StorageDependency;
import org.vhdboot.windows.virtdisk.VirtDisk;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.virtdisk.VirtualDiskApi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@link WindowsSystem} through kernel32, advapi32 and virtdisk: one native call per question. */
public final class Win32System implements WindowsSystem {
    private static final int INVALID_FILE_ATTRIBUTES = -1;

    private final VirtDiskLoader virtDiskLoader;
    private VirtualDiskApi virtDisk;

    public Win32System(VirtDiskLoader virtDiskLoader) {
        this.virtDiskLoader = virtDiskLoader;
    }

    @Override
    public boolean elevated() throws IOException {
        return ProcessToken.elevated();
    }

    @Override
    public int firmwareType() throws IOException {
        IntByReference type = new IntByReference();
        if (Kernel32Boot.instance().GetFirmwareType(type) == 0) {
            throw new WindowsErrorException("read the firmware type", Native.getLastError());
        }
        return type.getValue();
    }

    /** The last error is cleared first, so a FALSE that sets none is not mistaken for an earlier call's error. */
    @Override
    public boolean nativeVhdBoot() throws IOException {
        IntByReference nativeBoot = new IntByReference();
        Kernel32.INSTANCE.SetLastError(0);
        int returned = Kernel32Boot.instance().IsNativeVhdBoot(nativeBoot);
        return nativeVhdBoot(returned, nativeBoot.getValue(), Native.getLastError());
    }

    /**
     * Reads IsNativeVhdBoot's answer. On a machine that did not start from a virtual disk it returns FALSE
     * without setting an error (seen in practice, against the documentation's "FALSE means failure"), so only
     * FALSE with a last error is a failure.
     */
    static boolean nativeVhdBoot(int returned, int nativeVhdBoot, int lastError) throws WindowsErrorException {
        if (returned != 0) {
            return nativeVhdBoot != 0;
        }
        if (lastError == 0) {
            return false;
        }
        throw new WindowsErrorException("ask whether Windows started from a virtual disk", lastError);
    }

    @Override
    public List<BackingFile> systemVolumeBackingFiles() throws IOException {
        return systemVolumeDependencies().stream()
                .filter(entry -> !entry.hostVolumeName().isBlank())
                .map(entry -> BackingFile.onVolume(entry.hostVolumeName(), entry.dependentVolumeRelativePath(),
                        entry.ancestorLevel(), entry.dependencyTypeFlags()))
                .toList();
    }

    /** Opens the system volume's root as {@link VolumeQueryHandle} says and asks for its host volumes. */
    public List<StorageDependency> systemVolumeDependencies() throws IOException {
        String drive = systemDrive();
        VolumeQueryHandle open = VolumeQueryHandle.forDrive(Optional.of(drive));
        WinNT.HANDLE volume = Kernel32.INSTANCE.CreateFile(open.path(), open.access(), open.share(), null,
                WinNT.OPEN_EXISTING, open.flags(), null);
        if (WinBase.INVALID_HANDLE_VALUE.equals(volume)) {
            throw new WindowsErrorException("open the system volume " + open.path(), Native.getLastError());
        }
        try {
            return virtDisk().storageDependencies(volume, VirtDisk.GET_STORAGE_DEPENDENCY_FLAG_HOST_VOLUMES,
                    "the system volume " + drive);
        } finally {
            Kernel32.INSTANCE.CloseHandle(volume);
        }
    }

    static String systemDrive() {
        return Optional.ofNullable(System.getenv("SystemDrive")).orElse("C:");
    }

    @Override
    public int fileAttributes(String path) throws IOException {
        int attributes = Kernel32.INSTANCE.GetFileAttributes(path);
        if (attributes == INVALID_FILE_ATTRIBUTES) {
            throw new WindowsErrorException("read the attributes of " + path, Native.getLastError());
        }
        return attributes;
    }

    @Override
    public int volumeFlags(String volumeRoot) throws IOException {
        IntByReference flags = new IntByReference();
        if (!Kernel32.INSTANCE.GetVolumeInformation(volumeRoot, null, 0, null, null, flags, null, 0)) {
            throw new WindowsErrorException("read the file system flags of " + volumeRoot, Native.getLastError());
        }
        return flags.getValue();
    }

    @Override
    public Optional<Integer> machineDword(String key, String value) throws IOException {
        try {
            if (!Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, value)) {
                return Optional.empty();
            }
            return Optional.of(Advapi32Util.registryGetIntValue(WinReg.HKEY_LOCAL_MACHINE, key, value));
        } catch (Win32Exception e) {
            throw new WindowsErrorException("read HKLM\\" + key + "\\" + value, e.getErrorCode());
        } catch (RuntimeException e) {
            throw new IOException("cannot read HKLM\\" + key + "\\" + value + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean sharingViolation(String file) throws IOException {
        WinNT.HANDLE handle = Kernel32.INSTANCE.CreateFile(file, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
                WinNT.FILE_ATTRIBUTE_NORMAL, null);
        if (WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
            int error = Native.getLastError();
            if (error == WindowsErrors.ERROR_SHARING_VIOLATION) {
                return true;
            }
            if (error == WindowsErrors.ERROR_FILE_NOT_FOUND || error == WindowsErrors.ERROR_PATH_NOT_FOUND) {
                return false;
            }
            throw new WindowsErrorException("check whether " + file + " is in use", error);
        }
        Kernel32.INSTANCE.CloseHandle(handle);
        return false;
    }

    private synchronized VirtualDiskApi virtDisk() throws IOException {
        if (virtDisk == null) {
            try {
                virtDisk = VirtualDiskApi.load(virtDiskLoader);
            } catch (LinkageError e) {
                throw new IOException("VirtDisk.dll could not be loaded: " + e.getMessage(), e);
            }
        }
        return virtDisk;
    }
}
