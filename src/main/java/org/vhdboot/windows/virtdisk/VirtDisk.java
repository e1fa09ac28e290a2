package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The JNA binding of VirtDisk.dll. Every function returns its Win32 error code directly (0 = success), so
 * callers never consult GetLastError. Names are bound as they are: the functions are wide-only, with no A/W
 * variants, so the library is loaded with a wide-string type mapper and no function-name mapper.
 * Obtain an instance through {@link VirtDiskLoader}; only {@link VirtualDiskApi} calls it.
 */
public interface VirtDisk extends StdCallLibrary {
    int ACCESS_NONE = 0;
    int ACCESS_ATTACH_RO = 0x00010000;
    int ACCESS_ATTACH_RW = 0x00020000;
    int ACCESS_DETACH = 0x00040000;
    int ACCESS_GET_INFO = 0x00080000;
    int ACCESS_METAOPS = 0x00200000;

    int OPEN_FLAG_NONE = 0;
    int OPEN_FLAG_NO_PARENTS = 0x1;

    int CREATE_FLAG_NONE = 0;

    int ATTACH_FLAG_READ_ONLY = 0x1;
    int ATTACH_FLAG_NO_DRIVE_LETTER = 0x2;
    int ATTACH_FLAG_PERMANENT_LIFETIME = 0x4;

    int DETACH_FLAG_NONE = 0;
    int MERGE_FLAG_NONE = 0;

    int GET_STORAGE_DEPENDENCY_FLAG_HOST_VOLUMES = 0x1;
    int GET_STORAGE_DEPENDENCY_FLAG_DISK_HANDLE = 0x2;

    int PROVIDER_SUBTYPE_FIXED = 2;
    int PROVIDER_SUBTYPE_DYNAMIC = 3;
    int PROVIDER_SUBTYPE_DIFFERENCING = 4;

    int CreateVirtualDisk(VirtualStorageType storageType, String path, int accessMask, Pointer securityDescriptor,
            int flags, int providerSpecificFlags, CreateVirtualDiskParametersV1 parameters, Pointer overlapped,
            WinNT.HANDLEByReference handle);

    int CreateVirtualDisk(VirtualStorageType storageType, String path, int accessMask, Pointer securityDescriptor,
            int flags, int providerSpecificFlags, CreateVirtualDiskParametersV2 parameters, Pointer overlapped,
            WinNT.HANDLEByReference handle);

    int OpenVirtualDisk(VirtualStorageType storageType, String path, int accessMask, int flags,
            OpenVirtualDiskParametersV1 parameters, WinNT.HANDLEByReference handle);

    int OpenVirtualDisk(VirtualStorageType storageType, String path, int accessMask, int flags,
            OpenVirtualDiskParametersV2 parameters, WinNT.HANDLEByReference handle);

    int AttachVirtualDisk(WinNT.HANDLE disk, Pointer securityDescriptor, int flags, int providerSpecificFlags,
            AttachVirtualDiskParametersV1 parameters, Pointer overlapped);

    int DetachVirtualDisk(WinNT.HANDLE disk, int flags, int providerSpecificFlags);

    int MergeVirtualDisk(WinNT.HANDLE disk, int flags, MergeVirtualDiskParametersV1 parameters, Pointer overlapped);

    int MergeVirtualDisk(WinNT.HANDLE disk, int flags, MergeVirtualDiskParametersV2 parameters, Pointer overlapped);

    /** {@code info} is a caller-owned buffer holding a {@link GetVirtualDiskInfo}, longer for PARENT_LOCATION. */
    int GetVirtualDiskInformation(WinNT.HANDLE disk, IntByReference infoSize, Pointer info, IntByReference sizeUsed);

    int SetVirtualDiskInformation(WinNT.HANDLE disk, SetVirtualDiskInfo info);

    /** {@code info} is a caller-owned buffer holding a {@link StorageDependencyInfo} and the strings it points to. */
    int GetStorageDependencyInformation(WinNT.HANDLE object, int flags, int infoSize, Pointer info,
            IntByReference sizeUsed);

    int GetVirtualDiskPhysicalPath(WinNT.HANDLE disk, IntByReference pathSizeInBytes, Pointer path);
}
