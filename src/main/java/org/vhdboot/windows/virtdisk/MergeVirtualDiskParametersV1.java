package org.vhdboot.windows.virtdisk;

import com.sun.jna.Structure.FieldOrder;

/** MERGE_VIRTUAL_DISK_PARAMETERS with Version = 1: 8 bytes. */
@FieldOrder({"Version", "MergeDepth"})
public class MergeVirtualDiskParametersV1 extends WindowsX64Structure {
    public int Version = 1;
    /** How many parents to merge into; 1 merges the child into its direct parent. */
    public int MergeDepth;

    public static MergeVirtualDiskParametersV1 withDepth(int depth) {
        MergeVirtualDiskParametersV1 parameters = new MergeVirtualDiskParametersV1();
        parameters.MergeDepth = depth;
        return parameters;
    }
}
