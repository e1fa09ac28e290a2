package org.vhdboot.windows.win32;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VolumeQueryHandleTest {
    private static final int GENERIC_READ = 0x80000000;
    private static final int FILE_SHARE_READ_WRITE = 0x1 | 0x2;
    private static final int NORMAL_WITH_BACKUP_SEMANTICS = 0x80 | 0x02000000;

    @Test
    void opensTheVolumeRootForReadingAsMicrosoftsSampleDoes() {
        assertEquals(new VolumeQueryHandle("\\\\.\\C:\\", GENERIC_READ, FILE_SHARE_READ_WRITE,
                NORMAL_WITH_BACKUP_SEMANTICS), VolumeQueryHandle.forDrive(Optional.of("C:")));
        assertEquals("\\\\.\\D:\\", VolumeQueryHandle.forDrive(Optional.of(" d: ")).path());
    }

    @Test
    void aMissingOrStrangeSystemDriveMeansC() {
        for (Optional<String> drive : java.util.List.of(Optional.<String>empty(), Optional.of(""),
                Optional.of("C:\\Windows"), Optional.of("\\\\?\\Volume{x}"), Optional.of("1:"))) {
            assertEquals("\\\\.\\C:\\", VolumeQueryHandle.forDrive(drive).path(), drive.toString());
        }
    }
}
