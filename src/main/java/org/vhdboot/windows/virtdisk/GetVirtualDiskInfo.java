package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.Guid;

/**
 * GET_VIRTUAL_DISK_INFO: {@code Version} selects which union member Windows fills in. 32 bytes; the union
 * starts at 8. Only the members vhdboot asks for are declared; {@code Size} alone sets the union's size.
 */
@FieldOrder({"Version", "Info"})
public class GetVirtualDiskInfo extends WindowsX64Structure {
    public static final int SIZE = 1;
    public static final int IDENTIFIER = 2;
    public static final int PARENT_LOCATION = 3;
    public static final int PROVIDER_SUBTYPE = 7;
    public static final int VHD_PHYSICAL_SECTOR_SIZE = 10;
    public static final int IS_LOADED = 13;

    public int Version;
    public InfoUnion Info;

    public GetVirtualDiskInfo() {
    }

    /** A view of a caller-owned buffer, which may be longer than this structure (PARENT_LOCATION). */
    public GetVirtualDiskInfo(Pointer memory) {
        super(memory);
    }

    /** The byte offset of a union member from the start of the whole structure. */
    public int memberOffset(String member) {
        return fieldOffset("Info") + Info.fieldOffset(member);
    }

    public static class InfoUnion extends WindowsX64Union {
        public SizeInfo Size;
        public Guid.GUID Identifier;
        public ParentLocationInfo ParentLocation;
        public int ProviderSubtype;
        public int VhdPhysicalSectorSize;
        public int IsLoaded;

        public InfoUnion() {
        }

        public InfoUnion(Pointer memory) {
            super(memory);
        }
    }

    @FieldOrder({"VirtualSize", "PhysicalSize", "BlockSize", "SectorSize"})
    public static class SizeInfo extends WindowsX64Structure {
        public long VirtualSize;
        public long PhysicalSize;
        public int BlockSize;
        public int SectorSize;

        public SizeInfo() {
        }

        public SizeInfo(Pointer memory) {
            super(memory);
        }
    }

    /** The buffer is WCHAR[ANYSIZE_ARRAY]; declared as one 16-bit unit, since JNA's char is 4 bytes on Linux. */
    @FieldOrder({"ParentResolved", "ParentLocationBuffer"})
    public static class ParentLocationInfo extends WindowsX64Structure {
        public int ParentResolved;
        public short[] ParentLocationBuffer = new short[1];

        public ParentLocationInfo() {
        }

        public ParentLocationInfo(Pointer memory) {
            super(memory);
        }
    }
}
