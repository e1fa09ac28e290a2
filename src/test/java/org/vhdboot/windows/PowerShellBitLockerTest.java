package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PowerShellBitLockerTest {
    private static final String C = "\\\\?\\Volume{11111111-2222-3333-4444-555555555555}\\";
    private static final String D = "\\\\?\\Volume{aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}\\";

    @Test
    void readsTheVolumesOwnLine() {
        String output = C + "|1|1\r\n" + D + "|0|0\r\n";
        assertEquals(Optional.of(true), PowerShellBitLocker.parse(output, C));
        assertEquals(Optional.of(false), PowerShellBitLocker.parse(output, D.toUpperCase()));
    }

    @Test
    void suspendedProtectionOnAnEncryptedVolumeStillCounts() {
        assertEquals(Optional.of(true), PowerShellBitLocker.parse(D + "|0|1", D));
    }

    @Test
    void encryptionInProgressCounts() {
        assertEquals(Optional.of(true), PowerShellBitLocker.parse(D + "|0|2", D));
    }

    @Test
    void aLockedVolumeCounts() {
        assertEquals(Optional.of(true), PowerShellBitLocker.parse(D + "|2|", D));
    }

    @Test
    void aVolumeWmiDoesNotListIsNotEncrypted() {
        assertEquals(Optional.of(false), PowerShellBitLocker.parse(C + "|1|1", D));
        assertEquals(Optional.of(false), PowerShellBitLocker.parse("", D));
    }

    @Test
    void unreadableNumbersAreUnknown() {
        assertEquals(Optional.empty(), PowerShellBitLocker.parse(D + "|on|off", D));
    }

    @Test
    void aFailedQueryIsUnknown() throws Exception {
        List<List<String>> ran = new ArrayList<>();
        PowerShellBitLocker probe = new PowerShellBitLocker(RecordingRunner.answering(command -> {
            ran.add(command);
            return new ProgramOutput(1, "", "Access denied");
        }));
        assertEquals(Optional.empty(), probe.encrypted(D));
        assertEquals(List.of(List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
                PowerShellBitLocker.QUERY)), ran);
    }
}
