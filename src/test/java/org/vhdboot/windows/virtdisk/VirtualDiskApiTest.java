package org.vhdboot.windows.virtdisk;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import org.junit.jupiter.api.Test;
import org.vhdboot.windows.WindowsErrorException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualDiskApiTest {
    private final FakeVirtDisk virtDisk = new FakeVirtDisk();
    private final List<Long> closed = new ArrayList<>();
    private final VirtualDiskApi api = new VirtualDiskApi(virtDisk, h -> closed.add(Pointer.nativeValue(h.getPointer())));
    private final Path parent = Path.of("/vhd/Win.vhdx").toAbsolutePath();
    private final Path child = Path.of("/vhd/Win-Current.vhdx").toAbsolutePath();

    @Test
    void createsAChildWithVersionTwoParametersAsWindowsRequires() throws Exception {
        try (VirtualDiskHandle handle = api.createDifferencing(child, parent)) {
            assertEquals(child, handle.image());
        }
        FakeVirtDisk.Call create = virtDisk.last("CreateVirtualDisk");
        assertEquals(child.toString(), create.target());
        assertEquals(2, create.get("version"));
        assertEquals(0L, create.get("maximumSize"), "MaximumSize must be 0 with a parent");
        assertEquals(0, create.get("access"), "CREATE version 2 allows only VIRTUAL_DISK_ACCESS_NONE");
        assertEquals(0, create.get("flags"));
        assertEquals(0, create.get("blockSize"));
        assertEquals(0, create.get("sectorSize"));
        assertEquals(parent.toString(), create.get("parentPath"));
        assertNull(create.get("sourcePath"));
        assertNull(create.get("securityDescriptor"));
        assertEquals(VirtualStorageType.DEVICE_VHDX, create.get("deviceId"));
        assertEquals(VirtualStorageType.VENDOR_MICROSOFT, create.get("vendor"));
        assertEquals(VirtualStorageType.DEVICE_UNKNOWN, create.get("parentDeviceId"));
        assertEquals(1, closed.size(), "the handle is closed once");
    }

    @Test
    void aFailedCreateNamesBothFilesAndTheCause() {
        virtDisk.failures.put("CreateVirtualDisk", 0xC03A000D);
        WindowsErrorException e = assertThrows(WindowsErrorException.class, () -> api.createDifferencing(child, parent));
        assertEquals(0xC03A000D, e.code());
        assertEquals("cannot create Win-Current.vhdx as a child of Win.vhdx: the parent of this differencing disk"
                + " cannot be found (Windows error 0xC03A000D)", e.getMessage());
    }

    @Test
    void readsTheSizeAtItsOffsets() throws Exception {
        try (VirtualDiskHandle handle = api.open(child, 0, OpenVirtualDiskParametersV2.of(true, true), "information")) {
            assertEquals(new DiskSize(64L << 20, 4L << 20, 2 << 20, 512), api.size(handle));
        }
        assertEquals(32, virtDisk.last("GetVirtualDiskInformation").get("size"));
    }

    @Test
    void readsTheIdentifierAsTheSameUuidText() throws Exception {
        try (VirtualDiskHandle handle = api.open(child, 0, OpenVirtualDiskParametersV2.of(true, true), "information")) {
            assertEquals(virtDisk.identifier, api.identifier(handle));
        }
    }

    @Test
    void readsSubtypeSectorSizeAndLoadedState() throws Exception {
        virtDisk.loaded = true;
        try (VirtualDiskHandle handle = api.open(child, 0, OpenVirtualDiskParametersV2.of(true, true), "information")) {
            assertEquals(VirtDisk.PROVIDER_SUBTYPE_DIFFERENCING, api.providerSubtype(handle));
            assertEquals(4096, api.physicalSectorSize(handle));
            assertTrue(api.isLoaded(handle));
            virtDisk.loaded = false;
            assertFalse(api.isLoaded(handle));
        }
    }

    @Test
    void readsAResolvedParentPath() throws Exception {
        virtDisk.parentPaths = List.of("D:\\images\\Win 11 golden.vhdx");
        try (VirtualDiskHandle handle = api.open(child, 0, OpenVirtualDiskParametersV2.of(true, true), "information")) {
            assertEquals(new ParentLocation(true, List.of("D:\\images\\Win 11 golden.vhdx")), api.parentLocation(handle));
        }
    }

    @Test
    void readsEveryCandidateWhenTheParentIsNotResolved() throws Exception {
        virtDisk.parentResolved = false;
        virtDisk.parentPaths = List.of(".\\Win.vhdx", "\\\\?\\Volume{1b2c}\\vhd\\Win.vhdx", "C:\\vhd\\Win.vhdx");
        try (VirtualDiskHandle handle = api.open(child, 0, OpenVirtualDiskParametersV2.of(true, true), "information")) {
            assertEquals(new ParentLocation(false, virtDisk.parentPaths), api.parentLocation(handle));
        }
    }

    @Test
    void retriesTheParentLocationWithTheSizeWindowsAsksFor() throws Exception {
        virtDisk.parentLocationNeeds = 70_000;
        try (VirtualDiskHandle handle = api.open(child, 0, OpenVirtualDiskParametersV2.of(true, true), "information")) {
            assertEquals(List.of("C:\\vhd\\Win.vhdx"), api.parentLocation(handle).paths());
        }
        List<FakeVirtDisk.Call> queries = virtDisk.calls("GetVirtualDiskInformation");
        assertEquals(2, queries.size());
        assertEquals(VirtualDiskApi.FIRST_VARIABLE_BUFFER, queries.get(0).get("size"));
        assertEquals(70_000, queries.get(1).get("size"));
    }

    @Test
    void setsTheParentPathWithVersionOne() throws Exception {
        try (VirtualDiskHandle handle = api.open(child, VirtDisk.ACCESS_METAOPS, VirtDisk.OPEN_FLAG_NO_PARENTS,
                OpenVirtualDiskParametersV1.withReadWriteDepth(1), "re-linking")) {
            api.setParentPath(handle, parent);
        }
        FakeVirtDisk.Call set = virtDisk.last("SetVirtualDiskInformation");
        assertEquals(SetVirtualDiskInfo.PARENT_PATH, set.get("version"));
        assertEquals(parent.toString(), set.get("parentPath"));
        assertEquals(child.toString(), set.target());
    }

    @Test
    void mergesWithVersionOneDepth() throws Exception {
        try (VirtualDiskHandle handle = api.open(child, VirtDisk.ACCESS_METAOPS, 0,
                OpenVirtualDiskParametersV1.withReadWriteDepth(2), "merging")) {
            api.merge(handle, 1);
        }
        FakeVirtDisk.Call merge = virtDisk.last("MergeVirtualDisk");
        assertEquals(1, merge.get("version"));
        assertEquals(1, merge.get("depth"));
    }

    @Test
    void anOpenFailureSaysWhatTheOpenWasFor() {
        virtDisk.failures.put("OpenVirtualDisk", 32);
        WindowsErrorException e = assertThrows(WindowsErrorException.class, () -> api.open(child, VirtDisk.ACCESS_METAOPS, 0,
                OpenVirtualDiskParametersV1.withReadWriteDepth(2), "merging"));
        assertTrue(e.getMessage().startsWith("cannot open Win-Current.vhdx for merging: the image is in use"), e.getMessage());
    }

    @Test
    void readsThePhysicalPath() throws Exception {
        try (VirtualDiskHandle handle = api.open(child, 0, OpenVirtualDiskParametersV2.of(false, true), "attaching")) {
            assertEquals("\\\\.\\PhysicalDrive3", api.physicalPath(handle));
        }
    }

    @Test
    void decodesStorageDependenciesWhoseStringsPointIntoTheBuffer() throws Exception {
        StorageDependency own = new StorageDependency(0x10, 0, 3, 1, "\\\\.\\PhysicalDrive1",
                "\\\\?\\Volume{5f3a0c8e-0000-0000-0000-100000000000}\\", "\\\\?\\Volume{aaaa}\\",
                "\\vhd\\Win 11-Current.vhdx");
        StorageDependency base = new StorageDependency(0x20, 0, 3, 2, "\\\\.\\PhysicalDrive1",
                "\\\\?\\Volume{5f3a0c8e-0000-0000-0000-100000000000}\\", "\\\\?\\Volume{aaaa}\\", "\\vhd\\Win 11.vhdx");
        virtDisk.dependencies = List.of(own, base);
        List<StorageDependency> found = api.storageDependencies(new WinNT.HANDLE(new Pointer(7)),
                VirtDisk.GET_STORAGE_DEPENDENCY_FLAG_HOST_VOLUMES, "the system volume C:");
        assertEquals(List.of(own, base), found);
        FakeVirtDisk.Call call = virtDisk.last("GetStorageDependencyInformation");
        assertEquals(VirtDisk.GET_STORAGE_DEPENDENCY_FLAG_HOST_VOLUMES, call.get("flags"));
        assertEquals(2, call.get("version"));
    }

    @Test
    void growsTheDependencyBufferWhenTooSmall() throws Exception {
        virtDisk.dependencies = List.of(new StorageDependency(0, 0, 3, 1, "d", "\\\\?\\Volume{v}\\", "", "\\a.vhdx"));
        virtDisk.dependencyBufferNeeds = 40_000;
        assertEquals(1, api.storageDependencies(new WinNT.HANDLE(new Pointer(7)), 1, "C:").size());
        List<FakeVirtDisk.Call> calls = virtDisk.calls("GetStorageDependencyInformation");
        assertEquals(List.of(16 * 1024, 40_000), calls.stream().map(c -> c.get("size")).toList());
    }

    @Test
    void refusesACountThatOverrunsTheBuffer() {
        Memory buffer = new Memory(200);
        buffer.clear();
        buffer.setInt(0, 2);
        buffer.setInt(4, 5);
        assertThrows(IllegalStateException.class, () -> VirtualDiskApi.decodeDependencies(buffer, 200));
    }
}
