package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.Guid;

import java.nio.file.Path;
import java.util.Locale;

/** VIRTUAL_STORAGE_TYPE: which provider handles an image; 20 bytes, alignment 4. */
@FieldOrder({"DeviceId", "VendorId"})
public class VirtualStorageType extends WindowsX64Structure {
    public static final int DEVICE_UNKNOWN = 0;
    public static final int DEVICE_ISO = 1;
    public static final int DEVICE_VHD = 2;
    public static final int DEVICE_VHDX = 3;

    /** VIRTUAL_STORAGE_TYPE_VENDOR_MICROSOFT. */
    public static final String VENDOR_MICROSOFT = "{EC984AEC-A0F9-47E9-901F-71415A66345B}";

    public int DeviceId;
    public Guid.GUID VendorId = new Guid.GUID();

    public VirtualStorageType() {
    }

    public VirtualStorageType(Pointer memory) {
        super(memory);
    }

    /** All zero: virtdisk picks the provider from the file extension. */
    public static VirtualStorageType inferred() {
        return new VirtualStorageType();
    }

    public static VirtualStorageType microsoft(int deviceId) {
        VirtualStorageType type = new VirtualStorageType();
        type.DeviceId = deviceId;
        type.VendorId = new Guid.GUID(VENDOR_MICROSOFT);
        return type;
    }

    /** The Microsoft provider for a .vhd or .vhdx name; anything else is left for virtdisk to infer. */
    public static VirtualStorageType forImage(Path image) {
        String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".vhdx")) {
            return microsoft(DEVICE_VHDX);
        }
        if (name.endsWith(".vhd")) {
            return microsoft(DEVICE_VHD);
        }
        return inferred();
    }
}
