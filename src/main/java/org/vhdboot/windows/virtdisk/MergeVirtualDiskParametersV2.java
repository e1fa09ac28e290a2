package org.vhdboot.windows.virtdisk;

import com.sun.jna.Structure.FieldOrder;

/** MERGE_VIRTUAL_DISK_PARAMETERS with Version = 2: 12 bytes; needs a handle opened with version 2 parameters. */
@FieldOrder({"Version", "MergeSourceDepth", "MergeTargetDepth"})
public class MergeVirtualDiskParametersV2 extends WindowsX64Structure {
    public int Version = 2;
    public int MergeSourceDepth;
    public int MergeTargetDepth;
}
