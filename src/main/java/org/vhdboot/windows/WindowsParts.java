package org.vhdboot.windows;

import org.vhdboot.windows.virtdisk.VirtDiskAttacher;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.virtdisk.VirtualDiskApi;
import org.vhdboot.windows.win32.ProcessToken;
import org.vhdboot.windows.win32.Win32DiskVolumes;
import org.vhdboot.windows.win32.WindowsEventLog;
import org.vhdboot.windows.win32.WindowsPe;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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

    /**
     * The root certificates Windows trusts, through the JDK's SunMSCAPI provider: the current user's Root store,
     * which includes the machine's (so SYSTEM sees what group policy deployed). The JDK's own store does not.
     */
    public static KeyStore trustedRoots() throws GeneralSecurityException, IOException {
        KeyStore roots = KeyStore.getInstance(WINDOWS_ROOT_STORE);
        roots.load(null, null);
        return roots;
    }

    /** The SunMSCAPI key store type of the Root certificate store. */
    static final String WINDOWS_ROOT_STORE = "Windows-ROOT";
}
