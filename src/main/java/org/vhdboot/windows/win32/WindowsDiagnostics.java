package org.vhdboot.windows.win32;

import org.vhdboot.windows.BackingFile;
import org.vhdboot.windows.BootedDiskMatcher;
import org.vhdboot.windows.WindowsPlatform;
import org.vhdboot.windows.virtdisk.DependentDiskFlag;
import org.vhdboot.windows.virtdisk.StorageDependency;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prints the raw facts the Windows layer decides from, for the hardware checklist and bug reports:
 * {@code java -cp vhdboot.jar org.vhdboot.windows.win32.WindowsDiagnostics [FOLDER]}. Each fact stands
 * alone; a failing one prints its error and the rest still follow.
 */
public final class WindowsDiagnostics {

    private interface Fact {
        Object read() throws Exception;
    }

    private WindowsDiagnostics() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Win32System system = new Win32System(VirtDiskLoader.NATIVE);
        Win32VolumeResolver volumes = new Win32VolumeResolver();
        Path folder = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        print(out, "os", () -> System.getProperty("os.name") + " " + System.getProperty("os.version"));
        print(out, "elevated", system::elevated);
        print(out, "firmware type (1 BIOS, 2 UEFI)", system::firmwareType);
        print(out, "IsNativeVhdBoot", system::nativeVhdBoot);
        print(out, "system drive", Win32System::systemDrive);
        print(out, "storage dependencies of the system volume (opened as "
                + VolumeQueryHandle.forDrive(Optional.of(Win32System.systemDrive())).path() + ")",
                () -> describe(system.systemVolumeDependencies()));
        for (char letter = 'C'; letter <= 'Z'; letter++) {
            String drive = letter + ":";
            try {
                volumes.volumeOfDriveLetter(drive).ifPresent(volume -> out.println("drive " + drive + " = " + volume));
            } catch (Exception e) {
                out.println("drive " + drive + ": error: " + e.getMessage());
            }
        }
        print(out, "volume of " + folder, () -> volumes.locate(folder));
        print(out, "HibernateEnabled", () -> system.machineDword("SYSTEM\\CurrentControlSet\\Control\\Power",
                "HibernateEnabled"));
        print(out, "HibernateEnabledDefault", () -> system.machineDword("SYSTEM\\CurrentControlSet\\Control\\Power",
                "HibernateEnabledDefault"));
        WindowsPlatform platform = WindowsPlatform.create(org.vhdboot.windows.CurrentOsDevice.UNAVAILABLE);
        print(out, "volume facts of " + folder, () -> platform.volumeFacts(folder));
        print(out, "hibernation enabled", platform::hibernationEnabled);
    }

    private static void print(PrintStream out, String name, Fact fact) {
        try {
            out.println(name + ": " + fact.read());
        } catch (Exception | LinkageError e) {
            out.println(name + ": error: " + e.getMessage());
        }
    }

    /**
     * Every entry with both fields that decide which one is the running disk (AncestorLevel and
     * DependencyTypeFlags, decoded), then the entry {@link BootedDiskMatcher} picks from them.
     */
    static String describe(List<StorageDependency> entries) {
        StringBuilder text = new StringBuilder(entries.size() + " entries");
        List<BackingFile> files = new ArrayList<>();
        for (StorageDependency entry : entries) {
            text.append(String.format("%n  level %d, flags 0x%08X (%s), provider flags 0x%08X, storage device %d%n"
                            + "    host volume %s%n    path on host %s%n    dependent volume %s%n    device %s",
                    entry.ancestorLevel(), entry.dependencyTypeFlags(), DependentDiskFlag.names(entry.dependencyTypeFlags()),
                    entry.providerSpecificFlags(), entry.storageDeviceId(), entry.hostVolumeName(),
                    entry.dependentVolumeRelativePath(), entry.dependentVolumeName(), entry.dependencyDeviceName()));
            files.add(BackingFile.onVolume(entry.hostVolumeName(), entry.dependentVolumeRelativePath(),
                    entry.ancestorLevel(), entry.dependencyTypeFlags()));
        }
        Optional<BackingFile> running = BootedDiskMatcher.runningDisk(files);
        text.append(String.format("%n  running disk (not flagged PARENT, then lowest level): %s",
                running.map(file -> file.describe() + " at level " + file.ancestorLevel()).orElse("none")));
        return text.toString();
    }
}
