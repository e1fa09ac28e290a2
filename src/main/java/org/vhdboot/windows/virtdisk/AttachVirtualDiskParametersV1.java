package org.vhdboot.windows.virtdisk;

import com.sun.jna.Structure.FieldOrder;

/** ATTACH_VIRTUAL_DISK_PARAMETERS with Version = 1: 8 bytes. Version 2 is unknown to Windows 10 1809. */
@FieldOrder({"Version", "Reserved"})
public class AttachVirtualDiskParametersV1 extends WindowsX64Structure {
    public int Version = 1;
    public int Reserved;
}
