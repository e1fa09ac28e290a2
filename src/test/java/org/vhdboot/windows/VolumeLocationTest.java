package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeLocationTest {
    private static final String VOLUME = "\\\\?\\Volume{6a1f0c2e-11d2-4b7e-9d3c-0a1b2c3d4e5f}\\";

    @Test
    void splitsAtADriveRoot() {
        assertEquals(new VolumeLocation(VOLUME, "\\vhd\\Win-Current.vhdx"),
                VolumeLocation.of(VOLUME, "D:\\", "D:\\vhd\\Win-Current.vhdx"));
    }

    @Test
    void splitsAtAFolderMountPoint() {
        assertEquals(new VolumeLocation(VOLUME, "\\vhd\\Win-Current.vhdx"),
                VolumeLocation.of(VOLUME, "C:\\mnt\\data\\", "c:\\MNT\\data\\vhd\\Win-Current.vhdx"));
    }

    @Test
    void theMountPointItselfIsTheVolumeRoot() {
        assertEquals(new VolumeLocation(VOLUME, "\\"), VolumeLocation.of(VOLUME, "C:\\mnt\\data\\", "C:\\mnt\\data"));
        assertEquals(new VolumeLocation(VOLUME, "\\"), VolumeLocation.of(VOLUME, "D:\\", "D:\\"));
    }

    @Test
    void refusesAPathOutsideTheMountPoint() {
        assertThrows(IllegalArgumentException.class, () -> VolumeLocation.of(VOLUME, "E:\\", "D:\\vhd\\x.vhdx"));
    }

    @Test
    void volumeNamesCompareWithoutCaseOrPrefixStyle() {
        assertTrue(VolumeLocation.sameVolume(VOLUME, VOLUME.toUpperCase().replace("\\\\?\\", "\\\\.\\")));
        assertTrue(VolumeLocation.sameVolume(VOLUME, VOLUME.substring(0, VOLUME.length() - 1)));
        assertFalse(VolumeLocation.sameVolume(VOLUME, VOLUME.replace("6a1f", "7a1f")));
    }

    @Test
    void pathsCompareWithoutCaseOrSeparatorStyle() {
        assertTrue(VolumeLocation.samePath("\\VHD\\Win 11-Current.vhdx", "vhd/win 11-current.VHDX"));
        assertFalse(VolumeLocation.samePath("\\vhd\\Win 11-Current.vhdx", "\\vhd\\Win 11-Recovery.vhdx"));
    }
}
