package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VhdDeviceTest {

    @Test
    void readsLetterAndPath() {
        assertEquals(Optional.of(BackingFile.onDrive("D:", "\\dir\\X-Current.vhdx")),
                VhdDevice.parse("vhd=[D:]\\dir\\X-Current.vhdx"));
    }

    @Test
    void dropsTheLocateSuffix() {
        assertEquals(Optional.of(BackingFile.onDrive("C:", "\\Multiboot\\Stream.vhdx")),
                VhdDevice.parse("vhd=[C:]\\Multiboot\\Stream.vhdx,locate=custom:22000002"));
    }

    @Test
    void keepsSpacesAndCommasInsideThePath() {
        assertEquals(Optional.of(BackingFile.onDrive("D:", "\\virtual disks\\Win 11, golden-Current.vhdx")),
                VhdDevice.parse("  vhd=[d:]\\virtual disks\\Win 11, golden-Current.vhdx,locate=custom:22000002 "));
    }

    @Test
    void aDeviceWithoutALetterKeepsOnlyThePath() {
        assertEquals(Optional.of(BackingFile.onUnknownVolume("\\x.vhdx")), VhdDevice.parse("vhd=[locate]\\x.vhdx"));
        assertEquals(Optional.of(BackingFile.onUnknownVolume("\\vhd\\x.vhdx")),
                VhdDevice.parse("VHD=[\\Device\\HarddiskVolume4]\\vhd\\x.vhdx"));
    }

    @Test
    void aPartitionIsNotAVirtualDisk() {
        assertEquals(Optional.empty(), VhdDevice.parse("partition=C:"));
        assertEquals(Optional.empty(), VhdDevice.parse("boot"));
    }

    @Test
    void aBrokenVhdDeviceIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VhdDevice.parse("vhd=D:\\x.vhdx"));
        assertEquals("cannot read the virtual disk device 'vhd=D:\\x.vhdx': expected vhd=[X:]\\path\\file.vhdx", e.getMessage());
    }
}
