package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * VirtDisk.dll as a Java object: records each call and its parameter block, and answers information queries
 * by writing bytes at the x64 offsets of reference section 3.4, so the decoding is tested against them.
 */
class FakeVirtDisk implements VirtDisk {
    /** One call: the function, the image or handle it concerns, and the numbers it was given. */
    record Call(String function, String target, Map<String, Object> values) {
        Object get(String key) {
            return values.get(key);
        }
    }

    final List<Call> calls = new ArrayList<>();
    /** Function name to the error code it returns instead of succeeding. */
    final Map<String, Integer> failures = new HashMap<>();
    private final Map<Long, String> openImages = new HashMap<>();
    private long nextHandle = 100;

    long virtualSize = 64L << 20;
    long physicalSize = 4L << 20;
    int blockSize = 2 << 20;
    int sectorSize = 512;
    int physicalSectorSize = 4096;
    UUID identifier = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    int providerSubtype = PROVIDER_SUBTYPE_DIFFERENCING;
    boolean loaded;
    boolean parentResolved = true;
    List<String> parentPaths = List.of("C:\\vhd\\Win.vhdx");
    /** When set, an open that includes the parents fails with this code, as virtdisk does when the parent is gone. */
    int parentOpenError;
    /** When set, PARENT_LOCATION answers "too small" until the buffer has at least this many bytes. */
    int parentLocationNeeds;
    String physicalPath = "\\\\.\\PhysicalDrive3";
    List<StorageDependency> dependencies = List.of();
    int dependencyBufferNeeds;

    List<Call> calls(String function) {
        return calls.stream().filter(c -> c.function().equals(function)).toList();
    }

    Call last(String function) {
        List<Call> matching = calls(function);
        if (matching.isEmpty()) {
            throw new AssertionError(function + " was never called; calls: " + calls);
        }
        return matching.get(matching.size() - 1);
    }

    List<String> functionsCalled() {
        return calls.stream().map(Call::function).toList();
    }

    private int answer(String function, String target, Map<String, Object> values) {
        calls.add(new Call(function, target, values));
        return failures.getOrDefault(function, 0);
    }

    private void issue(WinNT.HANDLEByReference handle, String image) {
        long value = nextHandle++;
        openImages.put(value, image);
        handle.setValue(new WinNT.HANDLE(new Pointer(value)));
    }

    String imageOf(WinNT.HANDLE handle) {
        return openImages.getOrDefault(Pointer.nativeValue(handle.getPointer()), "handle " + handle);
    }

    @Override
    public int CreateVirtualDisk(VirtualStorageType storageType, String path, int accessMask, Pointer securityDescriptor,
            int flags, int providerSpecificFlags, CreateVirtualDiskParametersV1 parameters, Pointer overlapped,
            WinNT.HANDLEByReference handle) {
        throw new AssertionError("vhdboot creates children with version 2 parameters only");
    }

    @Override
    public int CreateVirtualDisk(VirtualStorageType storageType, String path, int accessMask, Pointer securityDescriptor,
            int flags, int providerSpecificFlags, CreateVirtualDiskParametersV2 p, Pointer overlapped,
            WinNT.HANDLEByReference handle) {
        Map<String, Object> values = new HashMap<>();
        values.put("deviceId", storageType.DeviceId);
        values.put("vendor", storageType.VendorId.toGuidString());
        values.put("access", accessMask);
        values.put("flags", flags);
        values.put("securityDescriptor", securityDescriptor);
        values.put("version", p.Version);
        values.put("maximumSize", p.MaximumSize);
        values.put("blockSize", p.BlockSizeInBytes);
        values.put("sectorSize", p.SectorSizeInBytes);
        values.put("parentPath", p.ParentPath == null ? null : p.ParentPath.toString());
        values.put("sourcePath", p.SourcePath);
        values.put("parentDeviceId", p.ParentVirtualStorageType.DeviceId);
        int code = answer("CreateVirtualDisk", path, values);
        if (code == 0) {
            issue(handle, path);
        }
        return code;
    }

    @Override
    public int OpenVirtualDisk(VirtualStorageType storageType, String path, int accessMask, int flags,
            OpenVirtualDiskParametersV1 parameters, WinNT.HANDLEByReference handle) {
        Map<String, Object> values = new HashMap<>();
        values.put("deviceId", storageType.DeviceId);
        values.put("access", accessMask);
        values.put("flags", flags);
        values.put("version", parameters == null ? null : parameters.Version);
        values.put("rwDepth", parameters == null ? null : parameters.RWDepth);
        int code = answer("OpenVirtualDisk", path, values);
        if (code == 0) {
            issue(handle, path);
        }
        return code;
    }

    @Override
    public int OpenVirtualDisk(VirtualStorageType storageType, String path, int accessMask, int flags,
            OpenVirtualDiskParametersV2 parameters, WinNT.HANDLEByReference handle) {
        Map<String, Object> values = new HashMap<>();
        values.put("deviceId", storageType.DeviceId);
        values.put("access", accessMask);
        values.put("flags", flags);
        values.put("version", parameters.Version);
        values.put("getInfoOnly", parameters.GetInfoOnly);
        values.put("readOnly", parameters.ReadOnly);
        int code = answer("OpenVirtualDisk", path, values);
        if (code == 0 && parentOpenError != 0 && (flags & OPEN_FLAG_NO_PARENTS) == 0) {
            code = parentOpenError;
        }
        if (code == 0) {
            issue(handle, path);
        }
        return code;
    }

    @Override
    public int AttachVirtualDisk(WinNT.HANDLE disk, Pointer securityDescriptor, int flags, int providerSpecificFlags,
            AttachVirtualDiskParametersV1 parameters, Pointer overlapped) {
        return answer("AttachVirtualDisk", imageOf(disk), Map.of("flags", flags, "version", parameters.Version));
    }

    @Override
    public int DetachVirtualDisk(WinNT.HANDLE disk, int flags, int providerSpecificFlags) {
        return answer("DetachVirtualDisk", imageOf(disk), Map.of("flags", flags));
    }

    @Override
    public int MergeVirtualDisk(WinNT.HANDLE disk, int flags, MergeVirtualDiskParametersV1 parameters, Pointer overlapped) {
        return answer("MergeVirtualDisk", imageOf(disk),
                Map.of("flags", flags, "version", parameters.Version, "depth", parameters.MergeDepth));
    }

    @Override
    public int MergeVirtualDisk(WinNT.HANDLE disk, int flags, MergeVirtualDiskParametersV2 parameters, Pointer overlapped) {
        throw new AssertionError("vhdboot merges with version 1 parameters");
    }

    @Override
    public int GetVirtualDiskInformation(WinNT.HANDLE disk, IntByReference infoSize, Pointer info, IntByReference sizeUsed) {
        int version = info.getInt(0);
        int code = answer("GetVirtualDiskInformation", imageOf(disk), Map.of("version", version, "size", infoSize.getValue()));
        if (code != 0) {
            return code;
        }
        if (infoSize.getValue() < 32) {
            return 87;
        }
        switch (version) {
            case GetVirtualDiskInfo.SIZE:
                info.setLong(8, virtualSize);
                info.setLong(16, physicalSize);
                info.setInt(24, blockSize);
                info.setInt(28, sectorSize);
                break;
            case GetVirtualDiskInfo.IDENTIFIER:
                NativeBuffers.writeGuid(info, 8, identifier);
                break;
            case GetVirtualDiskInfo.PARENT_LOCATION:
                int needed = Math.max(parentLocationNeeds, 12 + parentPaths.stream().mapToInt(p -> 2 * (p.length() + 1)).sum() + 2);
                if (infoSize.getValue() < needed) {
                    infoSize.setValue(needed);
                    return 122;
                }
                info.setInt(8, parentResolved ? 1 : 0);
                long offset = 12;
                for (String path : parentPaths) {
                    offset += NativeBuffers.writeUtf16(info, offset, path);
                }
                info.setShort(offset, (short) 0);
                break;
            case GetVirtualDiskInfo.PROVIDER_SUBTYPE:
                info.setInt(8, providerSubtype);
                break;
            case GetVirtualDiskInfo.VHD_PHYSICAL_SECTOR_SIZE:
                info.setInt(8, physicalSectorSize);
                break;
            case GetVirtualDiskInfo.IS_LOADED:
                info.setInt(8, loaded ? 1 : 0);
                break;
            default:
                return 87;
        }
        return 0;
    }

    @Override
    public int SetVirtualDiskInformation(WinNT.HANDLE disk, SetVirtualDiskInfo info) {
        return answer("SetVirtualDiskInformation", imageOf(disk),
                Map.of("version", info.Version, "parentPath", String.valueOf(info.Info.ParentFilePath)));
    }

    @Override
    public int GetStorageDependencyInformation(WinNT.HANDLE object, int flags, int infoSize, Pointer info,
            IntByReference sizeUsed) {
        int code = answer("GetStorageDependencyInformation", String.valueOf(Pointer.nativeValue(object.getPointer())),
                Map.of("flags", flags, "version", info.getInt(0), "size", infoSize));
        if (code != 0) {
            return code;
        }
        if (info.getInt(0) != 2) {
            return 87;
        }
        int strings = dependencies.stream().mapToInt(d -> 2 * (d.dependencyDeviceName().length()
                + d.hostVolumeName().length() + d.dependentVolumeName().length()
                + d.dependentVolumeRelativePath().length() + 4)).sum();
        int needed = Math.max(dependencyBufferNeeds, 8 + 64 * dependencies.size() + strings);
        if (infoSize < needed) {
            sizeUsed.setValue(needed);
            return 122;
        }
        info.setInt(4, dependencies.size());
        long text = 8 + 64L * dependencies.size();
        for (int i = 0; i < dependencies.size(); i++) {
            StorageDependency d = dependencies.get(i);
            long entry = 8 + 64L * i;
            info.setInt(entry, d.dependencyTypeFlags());
            info.setInt(entry + 4, d.providerSpecificFlags());
            info.setInt(entry + 8, d.storageDeviceId());
            info.setInt(entry + 28, d.ancestorLevel());
            String[] names = {d.dependencyDeviceName(), d.hostVolumeName(), d.dependentVolumeName(),
                    d.dependentVolumeRelativePath()};
            for (int n = 0; n < names.length; n++) {
                info.setPointer(entry + 32 + 8L * n, info.share(text));
                text += NativeBuffers.writeUtf16(info, text, names[n]);
            }
        }
        sizeUsed.setValue((int) text);
        return 0;
    }

    @Override
    public int GetVirtualDiskPhysicalPath(WinNT.HANDLE disk, IntByReference pathSizeInBytes, Pointer path) {
        int code = answer("GetVirtualDiskPhysicalPath", imageOf(disk), Map.of("size", pathSizeInBytes.getValue()));
        if (code != 0) {
            return code;
        }
        NativeBuffers.writeUtf16(path, 0, physicalPath);
        return 0;
    }
}
