package org.vhdboot.windows;

import org.vhdboot.boot.FirmwareType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What only the operating system can tell, behind one plain interface: {@link WindowsPlatform} asks Windows
 * through JNA; {@link PortablePlatform} answers for Linux imaging servers and tests.
 */
public interface Platform {

    /** {@code windows} or {@code portable}. */
    String name();

    boolean isWindows();

    /** Whether the process may change the boot store and system files (an elevated administrator on Windows). */
    boolean elevated();

    FirmwareType firmwareType();

    /**
     * Which of {@code children} (role name to file) the running OS booted from. Matching is by file identity
     * (volume and path on it), never by drive letter, which differs between the host OS, Current and Recovery.
     */
    BootedFrom bootedFrom(Map<String, Path> children) throws IOException;

    /**
     * The virtual disk file the running OS booted from, as a path usable here (on the host volume, whatever its
     * letter is in this OS); empty when the OS did not boot from a virtual disk or the file cannot be reached.
     */
    Optional<Path> bootedImage() throws IOException;

    /** Facts about the volume holding {@code folder} that decide whether native boot can work from it. */
    VolumeFacts volumeFacts(Path folder) throws IOException;

    /** Whether hibernation is enabled; native boot does not support it. */
    boolean hibernationEnabled();

    /** Whether another process holds {@code file} open in a way that forbids replacing it. */
    boolean inUse(Path file) throws IOException;

    /**
     * Who besides the system's administrators may change {@code path}, or for a folder the files in it: on
     * Windows any account but Administrators, SYSTEM and TrustedInstaller with a write right or ownership;
     * elsewhere the group or all users when the mode lets them write. Empty when nobody.
     */
    List<String> otherWriters(Path path) throws IOException;

    /**
     * Gives only Administrators and SYSTEM access to {@code folder} and the files in it, with Administrators as
     * its owner. On Windows only: elsewhere permissions are the admin's to set, and this changes nothing.
     */
    void restrictToAdministrators(Path folder) throws IOException;
}
