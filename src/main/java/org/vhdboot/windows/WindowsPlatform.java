package org.vhdboot.windows;

import org.vhdboot.boot.FirmwareType;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.win32.Win32FileSecurity;
import org.vhdboot.windows.win32.Win32System;
import org.vhdboot.windows.win32.Win32VolumeResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Platform} on Windows. The decisions live here and are tested on Linux with stand-ins; the native
 * calls live behind {@link WindowsSystem} and {@link VolumeResolver}.
 */
public final class WindowsPlatform implements Platform {
    static final String POWER_KEY = "SYSTEM\\CurrentControlSet\\Control\\Power";

    private final WindowsSystem system;
    private final VolumeResolver volumes;
    private final BitLockerProbe bitLocker;
    private final CurrentOsDevice currentOsDevice;
    private final FolderAccess folderAccess;

    public WindowsPlatform(WindowsSystem system, VolumeResolver volumes, BitLockerProbe bitLocker,
            CurrentOsDevice currentOsDevice) {
        this(system, volumes, bitLocker, currentOsDevice, new FolderAccess(new Win32FileSecurity(),
                WindowsPrograms.local()));
    }

    public WindowsPlatform(WindowsSystem system, VolumeResolver volumes, BitLockerProbe bitLocker,
            CurrentOsDevice currentOsDevice, FolderAccess folderAccess) {
        this.system = system;
        this.volumes = volumes;
        this.bitLocker = bitLocker;
        this.currentOsDevice = currentOsDevice;
        this.folderAccess = folderAccess;
    }

    /** The real thing: kernel32, advapi32 and virtdisk through JNA, BitLocker through PowerShell. */
    public static WindowsPlatform create(CurrentOsDevice currentOsDevice) {
        return new WindowsPlatform(new Win32System(VirtDiskLoader.NATIVE), new Win32VolumeResolver(),
                new PowerShellBitLocker(WindowsPrograms.local()), currentOsDevice);
    }

    @Override
    public String name() {
        return "windows";
    }

    @Override
    public boolean isWindows() {
        return true;
    }

    /** When the token cannot even be read, the process is treated as not elevated, the safe answer. */
    @Override
    public boolean elevated() {
        try {
            return system.elevated();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public FirmwareType firmwareType() {
        try {
            switch (system.firmwareType()) {
                case WindowsSystem.FIRMWARE_TYPE_BIOS:
                    return FirmwareType.BIOS;
                case WindowsSystem.FIRMWARE_TYPE_UEFI:
                    return FirmwareType.UEFI;
                default:
                    return FirmwareType.UNKNOWN;
            }
        } catch (IOException e) {
            return FirmwareType.UNKNOWN;
        }
    }

    /**
     * IsNativeVhdBoot first; then the system volume's backing files, and only when Windows cannot list them,
     * the {@code osdevice} of the running boot entry.
     *
     * @throws IOException when this Windows booted from a virtual disk but neither source can say which
     */
    @Override
    public BootedFrom bootedFrom(Map<String, Path> children) throws IOException {
        if (!system.nativeVhdBoot()) {
            return BootedFrom.notVirtual("IsNativeVhdBoot: this Windows did not start from a virtual disk");
        }
        RunningDisk running = runningDisk();
        return new BootedDiskMatcher(volumes).match(Optional.of(running.file()), children, running.evidence());
    }

    @Override
    public Optional<Path> bootedImage() throws IOException {
        if (!system.nativeVhdBoot()) {
            return Optional.empty();
        }
        BackingFile file;
        try {
            file = runningDisk().file();
        } catch (IOException cannotTell) {
            return Optional.empty();
        }
        String relative = file.pathOnVolume().replaceFirst("^\\\\+", "");
        if (file.driveLetter().isPresent()) {
            return Optional.of(Path.of(file.driveLetter().get() + "\\").resolve(relative));
        }
        if (file.volumeName().isPresent()) {
            return volumes.mountPoint(file.volumeName().get()).map(mount -> mount.resolve(relative));
        }
        return Optional.empty();
    }

    /** The running OS's own backing file, and how it was found. */
    private record RunningDisk(BackingFile file, String evidence) {
    }

    /** @throws IOException when neither source can say which virtual disk this Windows started from */
    private RunningDisk runningDisk() throws IOException {
        String primaryFailure;
        try {
            Optional<BackingFile> running = BootedDiskMatcher.runningDisk(system.systemVolumeBackingFiles());
            if (running.isPresent()) {
                return new RunningDisk(running.get(), "storage dependency of the system volume");
            }
            primaryFailure = "the system volume lists no backing file other than parents";
        } catch (IOException e) {
            primaryFailure = e.getMessage();
        }
        Optional<String> osDevice = currentOsDevice.osDevice();
        if (osDevice.isEmpty()) {
            throw new IOException("cannot tell which virtual disk this Windows started from: " + primaryFailure
                    + ", and the boot entry's osdevice is not available");
        }
        Optional<BackingFile> named;
        try {
            named = VhdDevice.parse(osDevice.get());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot tell which virtual disk this Windows started from: " + primaryFailure
                    + ", and " + e.getMessage(), e);
        }
        if (named.isEmpty()) {
            throw new IOException("cannot tell which virtual disk this Windows started from: " + primaryFailure
                    + ", and the boot entry's osdevice '" + osDevice.get() + "' is not a virtual disk");
        }
        return new RunningDisk(named.get(), "bcdedit osdevice of {current} (" + primaryFailure + ")");
    }

    @Override
    public VolumeFacts volumeFacts(Path folder) throws IOException {
        long free = Files.getFileStore(folder).getUsableSpace();
        List<String> notes = new ArrayList<>();
        int folderAttributes = system.fileAttributes(folder.toString());
        boolean compressed = (folderAttributes & WindowsSystem.FILE_ATTRIBUTE_COMPRESSED) != 0;
        boolean encrypted = (folderAttributes & WindowsSystem.FILE_ATTRIBUTE_ENCRYPTED) != 0;
        boolean bitLockerOn = false;
        Optional<VolumeLocation> location = volumes.locate(folder);
        if (location.isEmpty()) {
            notes.add("the volume holding " + folder + " could not be identified, so its compression and BitLocker"
                    + " state are unknown");
        } else {
            String volume = location.get().volumeName();
            int rootAttributes = system.fileAttributes(volume);
            compressed |= (rootAttributes & WindowsSystem.FILE_ATTRIBUTE_COMPRESSED) != 0
                    || (system.volumeFlags(volume) & WindowsSystem.FILE_VOLUME_IS_COMPRESSED) != 0;
            encrypted |= (rootAttributes & WindowsSystem.FILE_ATTRIBUTE_ENCRYPTED) != 0;
            Optional<Boolean> bitLockerState = bitLocker.encrypted(volume);
            if (bitLockerState.isEmpty()) {
                notes.add("BitLocker state unknown: the WMI query failed (it needs administrator rights)");
            }
            bitLockerOn = bitLockerState.orElse(false);
        }
        return new VolumeFacts(free, compressed, encrypted, bitLockerOn, notes);
    }

    /** HibernateEnabled, else the HibernateEnabledDefault newer Windows keep beside it; absent both, off. */
    @Override
    public boolean hibernationEnabled() {
        try {
            Optional<Integer> value = system.machineDword(POWER_KEY, "HibernateEnabled");
            if (value.isEmpty()) {
                value = system.machineDword(POWER_KEY, "HibernateEnabledDefault");
            }
            return value.map(v -> v != 0).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean inUse(Path file) throws IOException {
        return Files.exists(file) && system.sharingViolation(file.toAbsolutePath().toString());
    }

    @Override
    public List<String> otherWriters(Path path) throws IOException {
        return folderAccess.otherWriters(path);
    }

    @Override
    public void restrictToAdministrators(Path folder) throws IOException {
        folderAccess.restrict(folder);
    }
}
