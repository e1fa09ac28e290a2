package org.vhdboot.windows.virtdisk;

import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;

/** CREATE_VIRTUAL_DISK_PARAMETERS with Version = 1, declared flat: 56 bytes. */
@FieldOrder({"Version", "UnionPadding", "UniqueId", "MaximumSize", "BlockSizeInBytes", "SectorSizeInBytes",
        "ParentPath", "SourcePath"})
public class CreateVirtualDiskParametersV1 extends WindowsX64Structure {
    public int Version = 1;
    /** In C the version union starts at 8 because it holds a ULONGLONG; the flat declaration needs this filler. */
    public int UnionPadding;
    public Guid.GUID UniqueId = new Guid.GUID();
    public long MaximumSize;
    public int BlockSizeInBytes;
    public int SectorSizeInBytes;
    public WString ParentPath;
    public WString SourcePath;
}
