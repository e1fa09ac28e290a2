package org.vhdboot.windows.virtdisk;

import com.sun.jna.Structure.FieldOrder;

/** OPEN_VIRTUAL_DISK_PARAMETERS with Version = 1: 8 bytes. */
@FieldOrder({"Version", "RWDepth"})
public class OpenVirtualDiskParametersV1 extends WindowsX64Structure {
    public int Version = 1;
    /** How many chain levels, from the child down, open read/write; a merge of depth d needs d + 1. */
    public int RWDepth;

    public static OpenVirtualDiskParametersV1 withReadWriteDepth(int depth) {
        OpenVirtualDiskParametersV1 parameters = new OpenVirtualDiskParametersV1();
        parameters.RWDepth = depth;
        return parameters;
    }
}
