package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;

/**
 * SET_VIRTUAL_DISK_INFO: 32 bytes, union at 8. vhdboot only sets PARENT_PATH; the other members are declared
 * because ParentLocator, the largest, gives the structure its C size.
 */
@FieldOrder({"Version", "Info"})
public class SetVirtualDiskInfo extends WindowsX64Structure {
    public static final int PARENT_PATH = 1;

    public int Version;
    public InfoUnion Info = new InfoUnion();

    public SetVirtualDiskInfo() {
    }

    public SetVirtualDiskInfo(Pointer memory) {
        super(memory);
    }

    public static SetVirtualDiskInfo parentPath(String parent) {
        SetVirtualDiskInfo info = new SetVirtualDiskInfo();
        info.Version = PARENT_PATH;
        info.Info.ParentFilePath = new WString(parent);
        info.Info.setType("ParentFilePath");
        return info;
    }

    public int memberOffset(String member) {
        return fieldOffset("Info") + Info.fieldOffset(member);
    }

    public static class InfoUnion extends WindowsX64Union {
        public WString ParentFilePath;
        public Guid.GUID UniqueIdentifier;
        public ParentPathWithDepth ParentPathWithDepthInfo;
        public int VhdPhysicalSectorSize;
        public Guid.GUID VirtualDiskId;
        public int ChangeTrackingEnabled;
        public ParentLocator ParentLocator;

        public InfoUnion() {
        }

        public InfoUnion(Pointer memory) {
            super(memory);
        }
    }

    @FieldOrder({"ChildDepth", "ParentFilePath"})
    public static class ParentPathWithDepth extends WindowsX64Structure {
        public int ChildDepth;
        public WString ParentFilePath;

        public ParentPathWithDepth() {
        }

        public ParentPathWithDepth(Pointer memory) {
            super(memory);
        }
    }

    @FieldOrder({"LinkageId", "ParentFilePath"})
    public static class ParentLocator extends WindowsX64Structure {
        public Guid.GUID LinkageId;
        public WString ParentFilePath;

        public ParentLocator() {
        }

        public ParentLocator(Pointer memory) {
            super(memory);
        }
    }
}
