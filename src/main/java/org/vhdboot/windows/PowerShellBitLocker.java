package org.vhdboot.windows;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Asks WMI's Win32_EncryptableVolume through PowerShell, because its answers are numbers and volume GUID
 * paths in every display language, unlike {@code manage-bde -status}. A volume counts as BitLocker-encrypted
 * when its conversion status is anything but fully decrypted (0), or its protection is on (1) or unknown
 * because it is locked (2). Volumes that WMI does not list cannot hold BitLocker encryption.
 */
public final class PowerShellBitLocker implements BitLockerProbe {
    static final String QUERY = "Get-CimInstance -Namespace root/cimv2/Security/MicrosoftVolumeEncryption"
            + " -ClassName Win32_EncryptableVolume -ErrorAction Stop | ForEach-Object {"
            + " $c = Invoke-CimMethod -InputObject $_ -MethodName GetConversionStatus;"
            + " '{0}|{1}|{2}' -f $_.DeviceID, $_.ProtectionStatus, $c.ConversionStatus }";
    static final List<String> COMMAND = List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-Command", QUERY);

    private final WindowsPrograms runner;

    public PowerShellBitLocker(WindowsPrograms runner) {
        this.runner = runner;
    }

    @Override
    public Optional<Boolean> encrypted(String volumeName) throws IOException {
        ProgramOutput result = runner.run(COMMAND);
        if (!result.succeeded()) {
            return Optional.empty();
        }
        return parse(result.stdout(), volumeName);
    }

    /** Reads the {@code DeviceID|ProtectionStatus|ConversionStatus} lines the query prints. */
    static Optional<Boolean> parse(String output, String volumeName) {
        for (String line : output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] fields = line.split("\\|", -1);
            if (fields.length != 3 || !VolumeLocation.sameVolume(fields[0], volumeName)) {
                continue;
            }
            try {
                int protection = fields[1].isBlank() ? 0 : Integer.parseInt(fields[1].strip());
                int conversion = fields[2].isBlank() ? -1 : Integer.parseInt(fields[2].strip());
                if (conversion < 0) {
                    return protection == 0 ? Optional.empty() : Optional.of(true);
                }
                return Optional.of(conversion != 0 || protection != 0);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(false);
    }
}
