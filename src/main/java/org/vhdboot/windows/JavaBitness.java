package org.vhdboot.windows;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a 32-bit Java on Windows before anything runs. On 64-bit Windows such a process is redirected from
 * System32 to SysWOW64, where there is no bcdedit.exe, and cannot load the 64-bit virtdisk.dll; on any Windows
 * the virtdisk structures here follow the x64 layout. vhdboot.cmd refuses the same Java with the same words.
 */
public final class JavaBitness {
    private static final Set<String> THIRTY_TWO_BIT_ARCHES = Set.of("x86", "i386", "i486", "i586", "i686", "arm");

    private JavaBitness() {
    }

    /** {@link #problem} for this process. */
    public static Optional<String> problemHere() {
        return problem(System.getProperty("os.name"), System.getProperty("os.arch", ""),
                System.getProperty("sun.arch.data.model", ""), System.getProperty("java.home", "java"), System.getenv());
    }

    /**
     * @param dataModel the JVM's {@code sun.arch.data.model}, {@code 32} or {@code 64}, blank when unknown
     * @param javaHome names the Java in the message
     * @param environment the process environment: WOW64 sets {@code PROCESSOR_ARCHITEW6432} for 32-bit processes
     * @return one line saying why this Java cannot run vhdboot here, or empty
     */
    public static Optional<String> problem(String osName, String osArch, String dataModel, String javaHome,
            Map<String, String> environment) {
        if (!Platforms.isWindows(osName) || !thirtyTwoBit(osArch, dataModel)) {
            return Optional.empty();
        }
        String java = javaHome + " is a 32-bit Java";
        if (environment.containsKey("PROCESSOR_ARCHITEW6432")) {
            return Optional.of(java + " on 64-bit Windows, which hides System32\\bcdedit.exe and the 64-bit"
                    + " virtdisk.dll from it; run vhdboot with a 64-bit Java 17 or later, or the runtime\\ folder"
                    + " installer\\build-runtime.ps1 builds");
        }
        return Optional.of(java + "; vhdboot needs 64-bit Windows and a 64-bit Java 17 or later");
    }

    private static boolean thirtyTwoBit(String osArch, String dataModel) {
        if (dataModel.strip().equals("32")) {
            return true;
        }
        return dataModel.isBlank() && THIRTY_TWO_BIT_ARCHES.contains(osArch.strip().toLowerCase(Locale.ROOT));
    }
}
