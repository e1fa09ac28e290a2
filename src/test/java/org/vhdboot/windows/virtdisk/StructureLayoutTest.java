package org.vhdboot.windows.virtdisk;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Guid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sizes and offsets against the x64 numbers compiled from the C declarations (reference section 3.4).
 * JNA computes layouts without calling Windows, so these run on Linux.
 */
class StructureLayoutTest {

    @BeforeAll
    static void sixtyFourBit() {
        assumeTrue(Native.POINTER_SIZE == 8, "the reference numbers are for 64-bit pointers");
    }

    @Test
    void guidIsSixteenBytes() {
        assertEquals(16, new Guid.GUID().size());
    }

    @Test
    void virtualStorageType() {
        VirtualStorageType type = new VirtualStorageType();
        assertEquals(20, type.size());
        assertEquals(0, type.fieldOffset("DeviceId"));
        assertEquals(4, type.fieldOffset("VendorId"));
    }

    @Test
    void createVersion1() {
        CreateVirtualDiskParametersV1 p = new CreateVirtualDiskParametersV1();
        assertEquals(56, p.size());
        assertEquals(0, p.fieldOffset("Version"));
        assertEquals(8, p.fieldOffset("UniqueId"));
        assertEquals(24, p.fieldOffset("MaximumSize"));
        assertEquals(32, p.fieldOffset("BlockSizeInBytes"));
        assertEquals(36, p.fieldOffset("SectorSizeInBytes"));
        assertEquals(40, p.fieldOffset("ParentPath"));
        assertEquals(48, p.fieldOffset("SourcePath"));
    }

    @Test
    void createVersion2KeepsPhysicalSectorSize() {
        CreateVirtualDiskParametersV2 p = new CreateVirtualDiskParametersV2();
        assertEquals(128, p.size());
        assertEquals(0, p.fieldOffset("Version"));
        assertEquals(8, p.fieldOffset("UniqueId"));
        assertEquals(24, p.fieldOffset("MaximumSize"));
        assertEquals(32, p.fieldOffset("BlockSizeInBytes"));
        assertEquals(36, p.fieldOffset("SectorSizeInBytes"));
        assertEquals(40, p.fieldOffset("PhysicalSectorSizeInBytes"));
        assertEquals(48, p.fieldOffset("ParentPath"));
        assertEquals(56, p.fieldOffset("SourcePath"));
        assertEquals(64, p.fieldOffset("OpenFlags"));
        assertEquals(68, p.fieldOffset("ParentVirtualStorageType"));
        assertEquals(88, p.fieldOffset("SourceVirtualStorageType"));
        assertEquals(108, p.fieldOffset("ResiliencyGuid"));
    }

    @Test
    void openVersion1() {
        OpenVirtualDiskParametersV1 p = new OpenVirtualDiskParametersV1();
        assertEquals(8, p.size());
        assertEquals(0, p.fieldOffset("Version"));
        assertEquals(4, p.fieldOffset("RWDepth"));
    }

    @Test
    void openVersion2UsesFourByteBools() {
        OpenVirtualDiskParametersV2 p = new OpenVirtualDiskParametersV2();
        assertEquals(28, p.size());
        assertEquals(4, p.fieldOffset("GetInfoOnly"));
        assertEquals(8, p.fieldOffset("ReadOnly"));
        assertEquals(12, p.fieldOffset("ResiliencyGuid"));
    }

    @Test
    void attachVersion1() {
        AttachVirtualDiskParametersV1 p = new AttachVirtualDiskParametersV1();
        assertEquals(8, p.size());
        assertEquals(4, p.fieldOffset("Reserved"));
    }

    @Test
    void mergeVersions() {
        MergeVirtualDiskParametersV1 v1 = new MergeVirtualDiskParametersV1();
        assertEquals(8, v1.size());
        assertEquals(4, v1.fieldOffset("MergeDepth"));
        MergeVirtualDiskParametersV2 v2 = new MergeVirtualDiskParametersV2();
        assertEquals(12, v2.size());
        assertEquals(4, v2.fieldOffset("MergeSourceDepth"));
        assertEquals(8, v2.fieldOffset("MergeTargetDepth"));
    }

    @Test
    void getVirtualDiskInfo() {
        GetVirtualDiskInfo info = new GetVirtualDiskInfo();
        assertEquals(32, info.size());
        assertEquals(8, info.fieldOffset("Info"));
        GetVirtualDiskInfo.SizeInfo size = new GetVirtualDiskInfo.SizeInfo();
        assertEquals(8 + 0, info.memberOffset("Size") + size.fieldOffset("VirtualSize"));
        assertEquals(16, info.memberOffset("Size") + size.fieldOffset("PhysicalSize"));
        assertEquals(24, info.memberOffset("Size") + size.fieldOffset("BlockSize"));
        assertEquals(28, info.memberOffset("Size") + size.fieldOffset("SectorSize"));
        assertEquals(8, info.memberOffset("Identifier"));
        GetVirtualDiskInfo.ParentLocationInfo parent = new GetVirtualDiskInfo.ParentLocationInfo();
        assertEquals(8, info.memberOffset("ParentLocation") + parent.fieldOffset("ParentResolved"));
        assertEquals(12, info.memberOffset("ParentLocation") + parent.fieldOffset("ParentLocationBuffer"));
        assertEquals(8, info.memberOffset("ProviderSubtype"));
        assertEquals(8, info.memberOffset("VhdPhysicalSectorSize"));
        assertEquals(8, info.memberOffset("IsLoaded"));
    }

    @Test
    void setVirtualDiskInfo() {
        SetVirtualDiskInfo info = new SetVirtualDiskInfo();
        assertEquals(32, info.size());
        assertEquals(8, info.memberOffset("ParentFilePath"));
        assertEquals(8, info.memberOffset("UniqueIdentifier"));
        assertEquals(8, info.memberOffset("VhdPhysicalSectorSize"));
        assertEquals(8, info.memberOffset("VirtualDiskId"));
        assertEquals(8, info.memberOffset("ChangeTrackingEnabled"));
        SetVirtualDiskInfo.ParentPathWithDepth withDepth = new SetVirtualDiskInfo.ParentPathWithDepth();
        assertEquals(8, info.memberOffset("ParentPathWithDepthInfo") + withDepth.fieldOffset("ChildDepth"));
        assertEquals(16, info.memberOffset("ParentPathWithDepthInfo") + withDepth.fieldOffset("ParentFilePath"));
        SetVirtualDiskInfo.ParentLocator locator = new SetVirtualDiskInfo.ParentLocator();
        assertEquals(8, info.memberOffset("ParentLocator") + locator.fieldOffset("LinkageId"));
        assertEquals(24, info.memberOffset("ParentLocator") + locator.fieldOffset("ParentFilePath"));
    }

    @Test
    void storageDependencyInfoType2() {
        StorageDependencyInfoType2 entry = new StorageDependencyInfoType2();
        assertEquals(64, entry.size());
        assertEquals(0, entry.fieldOffset("DependencyTypeFlags"));
        assertEquals(4, entry.fieldOffset("ProviderSpecificFlags"));
        assertEquals(8, entry.fieldOffset("VirtualStorageType"));
        assertEquals(28, entry.fieldOffset("AncestorLevel"));
        assertEquals(32, entry.fieldOffset("DependencyDeviceName"));
        assertEquals(40, entry.fieldOffset("HostVolumeName"));
        assertEquals(48, entry.fieldOffset("DependentVolumeName"));
        assertEquals(56, entry.fieldOffset("DependentVolumeRelativePath"));
    }

    @Test
    void storageDependencyContainerPutsEntriesAtEight() {
        StorageDependencyInfo container = new StorageDependencyInfo();
        assertEquals(0, container.fieldOffset("Version"));
        assertEquals(4, container.fieldOffset("NumberEntries"));
        assertEquals(8, container.fieldOffset("Version2Entries"));
        assertEquals(8 + 64, container.size());
    }
}
