package org.vhdboot.windows.virtdisk;

import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.Guid;

/**
 * OPEN_VIRTUAL_DISK_PARAMETERS with Version = 2: 28 bytes. The two flags are Win32 BOOLs, 4 bytes each
 * (go-winio's one-byte Go bools put ReadOnly at 5 instead of 8).
 */
@FieldOrder({"Version", "GetInfoOnly", "ReadOnly", "ResiliencyGuid"})
public class OpenVirtualDiskParametersV2 extends WindowsX64Structure {
    public int Version = 2;
    public int GetInfoOnly;
    public int ReadOnly;
    public Guid.GUID ResiliencyGuid = new Guid.GUID();

    public static OpenVirtualDiskParametersV2 of(boolean getInfoOnly, boolean readOnly) {
        OpenVirtualDiskParametersV2 parameters = new OpenVirtualDiskParametersV2();
        parameters.GetInfoOnly = getInfoOnly ? 1 : 0;
        parameters.ReadOnly = readOnly ? 1 : 0;
        return parameters;
    }
}
