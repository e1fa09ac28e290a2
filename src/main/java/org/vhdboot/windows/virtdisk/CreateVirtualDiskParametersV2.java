package org.vhdboot.windows.virtdisk;

import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;

/**
 * CREATE_VIRTUAL_DISK_PARAMETERS with Version = 2, declared flat: 128 bytes. Windows reads only the member
 * the version selects, so the smaller block is enough. Unlike mingw-w64's header, this keeps
 * PhysicalSectorSizeInBytes, without which every later field would sit 8 bytes too early.
 */
@FieldOrder({"Version", "UnionPadding", "UniqueId", "MaximumSize", "BlockSizeInBytes", "SectorSizeInBytes",
        "PhysicalSectorSizeInBytes", "ParentPath", "SourcePath", "OpenFlags", "ParentVirtualStorageType",
        "SourceVirtualStorageType", "ResiliencyGuid"})
public class CreateVirtualDiskParametersV2 extends WindowsX64Structure {
    public int Version = 2;
    /** In C the version union starts at 8 because it holds a ULONGLONG; the flat declaration needs this filler. */
    public int UnionPadding;
    public Guid.GUID UniqueId = new Guid.GUID();
    public long MaximumSize;
    public int BlockSizeInBytes;
    public int SectorSizeInBytes;
    public int PhysicalSectorSizeInBytes;
    public WString ParentPath;
    public WString SourcePath;
    public int OpenFlags;
    public VirtualStorageType ParentVirtualStorageType = new VirtualStorageType();
    public VirtualStorageType SourceVirtualStorageType = new VirtualStorageType();
    public Guid.GUID ResiliencyGuid = new Guid.GUID();
}
