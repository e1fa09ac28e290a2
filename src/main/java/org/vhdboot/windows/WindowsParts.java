package org.vhdboot.windows;

import org.vhdboot.windows.virtdisk.VirtDiskAttacher;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.virtdisk.VirtualDiskApi;
import org.vhdboot.windows.win32.ProcessToken;
import org.vhdboot.windows.win32.Win32DiskVolumes;
import org.vhdboot.windows.win32.WindowsEventLog;
import org.vhdboot.windows.win32.WindowsPe;

import java.time.Duration;
import java.util.Optional;

/**
 * What only Windows has, assembled from the native adapters in {@code win32} and {@code virtdisk} behind this
 * package's plain interfaces, so nothing above {@code windows} names those packages. Call on Windows only.
 */
public final class WindowsParts {
    private WindowsParts() {
    }

    /** {@code wpeutil} in WinPE, {@code shutdown.exe} and {@code msg.exe} elsewhere. */
    public static SystemRestart restart(WindowsPrograms programs) {
        return WpeutilRestart.forWindows(WindowsPe.running(), programs);
    }

    /** The Application event log, source {@code vhdboot}. */
    public static EventLog eventLog() {
        return new WindowsEventLog();
    }

    /** Attaching through virtdisk.dll; empty when it cannot be loaded. Loading it takes a moment. */
    public static Optional<DiskAttacher> attacher() {
        try {
            return Optional.of(attacher(VirtualDiskApi.load(VirtDiskLoader.NATIVE)));
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }

    /** The native attacher on {@code api}: looks for the new volume for up to 10 seconds. */
    public static DiskAttacher attacher(VirtualDiskApi api) {
        return new VirtDiskAttacher(api, ProcessToken::enablePrivilege, new Win32DiskVolumes(),
                duration -> Thread.sleep(duration.toMillis()), Duration.ofMillis(250), 40);
    }
}
