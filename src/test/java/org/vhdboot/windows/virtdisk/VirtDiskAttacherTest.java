package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.vhdboot.windows.AttachedDisk;
import org.vhdboot.windows.DiskVolumes;
import org.vhdboot.windows.Privileges;
import org.vhdboot.windows.WindowsErrorException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtDiskAttacherTest {
    private static final String VOLUME = "\\\\?\\Volume{c0ffee00-0000-0000-0000-000000000001}\\";
    private static final Path IMAGE = Path.of("/vhd/Win.vhdx");

    private final List<String> events = new ArrayList<>();
    private final FakeVirtDisk virtDisk = new FakeVirtDisk() {
        @Override
        public int AttachVirtualDisk(com.sun.jna.platform.win32.WinNT.HANDLE disk, Pointer securityDescriptor, int flags,
                int providerSpecificFlags, AttachVirtualDiskParametersV1 parameters, Pointer overlapped) {
            events.add("attach");
            return super.AttachVirtualDisk(disk, securityDescriptor, flags, providerSpecificFlags, parameters, overlapped);
        }
    };
    private final List<Long> closed = new ArrayList<>();
    private final FakeVolumes volumes = new FakeVolumes();
    private int pauses;

    private final Privileges privileges = privilege -> events.add("enable " + privilege);

    private VirtDiskAttacher attacher() {
        return new VirtDiskAttacher(new VirtualDiskApi(virtDisk, h -> closed.add(Pointer.nativeValue(h.getPointer()))),
                privileges, volumes, d -> pauses++, Duration.ofMillis(1), 5);
    }

    /** Disk 3's volumes, appearing after {@code appearAfter} looks, as Windows mounts them late. */
    private static final class FakeVolumes implements DiskVolumes {
        final Map<String, List<String>> mountPoints = new HashMap<>();
        List<String> onDisk3 = List.of(VOLUME);
        int appearAfter;
        int looks;
        final List<String> assigned = new ArrayList<>();
        WindowsErrorException assignFailure;

        @Override
        public List<String> volumesOnDisk(int diskNumber) {
            looks++;
            return diskNumber == 3 && looks > appearAfter ? onDisk3 : List.of();
        }

        @Override
        public List<String> mountPoints(String volumeName) {
            return mountPoints.getOrDefault(volumeName, List.of());
        }

        @Override
        public void assignDriveLetter(String volumeName, String driveLetter) throws WindowsErrorException {
            if (assignFailure != null) {
                throw assignFailure;
            }
            assigned.add(volumeName + " -> " + driveLetter);
            mountPoints.put(volumeName, List.of(driveLetter + "\\"));
        }
    }

    @Test
    void attachesReadOnlyAndPermanentlyAfterEnablingThePrivilege() throws Exception {
        volumes.mountPoints.put(VOLUME, List.of("F:\\"));
        AttachedDisk disk = attacher().attach(IMAGE, true, Optional.empty());

        assertEquals(List.of("enable SeManageVolumePrivilege", "attach"), events);
        FakeVirtDisk.Call open = virtDisk.last("OpenVirtualDisk");
        assertEquals(2, open.get("version"));
        assertEquals(1, open.get("readOnly"));
        assertEquals(0, open.get("getInfoOnly"));
        int flags = (Integer) virtDisk.last("AttachVirtualDisk").get("flags");
        assertEquals(VirtDisk.ATTACH_FLAG_PERMANENT_LIFETIME | VirtDisk.ATTACH_FLAG_READ_ONLY, flags);
        assertEquals(1, virtDisk.last("AttachVirtualDisk").get("version"));
        assertEquals(new AttachedDisk(IMAGE, "\\\\.\\PhysicalDrive3", true, List.of("F:\\"), List.of()), disk);
        assertEquals(1, closed.size(), "a permanent attach survives closing the handle");
    }

    @Test
    void aWritableAttachHasNoReadOnlyFlag() throws Exception {
        attacher().attach(IMAGE, false, Optional.empty());
        assertEquals(0, virtDisk.last("OpenVirtualDisk").get("readOnly"));
        assertEquals(VirtDisk.ATTACH_FLAG_PERMANENT_LIFETIME, virtDisk.last("AttachVirtualDisk").get("flags"));
    }

    @Test
    void assignsTheRequestedLetterInsteadOfAnAutomaticOne() throws Exception {
        volumes.appearAfter = 2;
        AttachedDisk disk = attacher().attach(IMAGE, true, Optional.of("x"));
        int flags = (Integer) virtDisk.last("AttachVirtualDisk").get("flags");
        assertTrue((flags & VirtDisk.ATTACH_FLAG_NO_DRIVE_LETTER) != 0);
        assertEquals(List.of(VOLUME + " -> X:"), volumes.assigned);
        assertEquals(List.of("X:\\"), disk.mountPoints());
        assertEquals(2, pauses, "waited for the volume to appear");
    }

    @Test
    void theLetterGoesToTheLargestOfSeveralVolumes() throws Exception {
        String efi = "\\\\?\\Volume{c0ffee00-0000-0000-0000-0000000000ef}\\";
        volumes.onDisk3 = List.of(VOLUME, efi);
        AttachedDisk disk = attacher().attach(IMAGE, true, Optional.of("W:"));
        assertEquals(List.of(VOLUME + " -> W:"), volumes.assigned);
        assertEquals(List.of("\\\\.\\PhysicalDrive3 has 2 volumes; W: went to the largest, the others keep no letter"),
                disk.notes());
    }

    @Test
    void aLetterThatCannotBeAssignedLeavesTheDiskAttachedAndSaysSo() throws Exception {
        volumes.assignFailure = new WindowsErrorException("mount " + VOLUME + " at X:\\", 87);
        AttachedDisk disk = attacher().attach(IMAGE, true, Optional.of("X:"));
        assertEquals(1, disk.notes().size());
        assertTrue(disk.notes().get(0).startsWith("X: was not assigned (cannot mount"), disk.notes().get(0));
        assertEquals(0, virtDisk.calls("DetachVirtualDisk").size());
    }

    @Test
    void noVolumeAppearingIsANoteNotAFailure() throws Exception {
        volumes.onDisk3 = List.of();
        AttachedDisk disk = attacher().attach(IMAGE, true, Optional.of("X:"));
        assertEquals(5, volumes.looks);
        assertEquals(List.of("no volume appeared on \\\\.\\PhysicalDrive3; the disk may be unformatted or its"
                + " partitions hidden", "X: was not assigned: \\\\.\\PhysicalDrive3 shows no volume"), disk.notes());
    }

    @Test
    void aBadLetterIsRefusedBeforeAnythingHappens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> attacher().attach(IMAGE, true, Optional.of("XY")));
        assertEquals("'XY' is not a drive letter: use a letter such as X:", e.getMessage());
        assertEquals(List.of(), virtDisk.calls);
        assertEquals(List.of(), events);
    }

    @Test
    void aMissingPrivilegeStopsTheAttach() {
        VirtDiskAttacher refused = new VirtDiskAttacher(new VirtualDiskApi(virtDisk, h -> { }), privilege -> {
            throw new WindowsErrorException("enable " + privilege, 1300);
        }, volumes, d -> { }, Duration.ZERO, 1);
        IOException e = assertThrows(IOException.class, () -> refused.attach(IMAGE, true, Optional.empty()));
        assertTrue(e.getMessage().contains("run as administrator"), e.getMessage());
        assertEquals(List.of(), virtDisk.calls);
    }

    @Test
    void detachesThroughAHandleOpenedForDetach() throws Exception {
        attacher().detach(IMAGE);
        FakeVirtDisk.Call open = virtDisk.last("OpenVirtualDisk");
        assertEquals(VirtDisk.ACCESS_DETACH, open.get("access"));
        assertEquals(null, open.get("version"), "no parameter block");
        assertEquals(List.of("OpenVirtualDisk", "DetachVirtualDisk"), virtDisk.functionsCalled());
        assertEquals(1, closed.size());
    }

    @Test
    void readsDiskNumbers() {
        assertEquals(Optional.of(12), VirtDiskAttacher.diskNumber("\\\\.\\PhysicalDrive12"));
        assertEquals(Optional.of(0), VirtDiskAttacher.diskNumber("\\\\.\\physicaldrive0"));
        assertEquals(Optional.empty(), VirtDiskAttacher.diskNumber("\\\\.\\CdRom0"));
    }
}
