package org.vhdboot.windows.virtdisk;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import org.vhdboot.windows.WindowsErrorException;
import org.vhdboot.windows.WindowsErrors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one place that calls virtdisk: each call is made here once, with its parameter block filled in and its
 * error code turned into a {@link WindowsErrorException} that names the image. Everything above this class
 * works with paths, handles and records.
 */
public final class VirtualDiskApi {
    /** A first guess for variable-length answers; Windows says how much it needs when this is too small. */
    static final int FIRST_VARIABLE_BUFFER = 4096;
    /** Past this, a "buffer too small" answer is treated as an error rather than retried again. */
    static final int MAX_VARIABLE_BUFFER = 1 << 20;
    private static final int MAX_PATH_UNITS = 32767;

    private final VirtDisk virtDisk;
    private final HandleCloser closer;

    public VirtualDiskApi(VirtDisk virtDisk, HandleCloser closer) {
        this.virtDisk = virtDisk;
        this.closer = closer;
    }

    /** Loads VirtDisk.dll through {@code loader}; {@link LinkageError} passes through for the caller to judge. */
    public static VirtualDiskApi load(VirtDiskLoader loader) {
        return new VirtualDiskApi(loader.load(), HandleCloser.KERNEL32);
    }

    /**
     * Creates an empty differencing child with CREATE version 2: ParentPath set, MaximumSize 0 (required with a
     * parent), access mask NONE (the only one version 2 allows), default block and sector sizes. The parent's
     * storage type stays zero, as the documentation allows, so virtdisk reads it from the parent itself.
     */
    public VirtualDiskHandle createDifferencing(Path child, Path parent) throws WindowsErrorException {
        CreateVirtualDiskParametersV2 parameters = new CreateVirtualDiskParametersV2();
        parameters.MaximumSize = 0;
        parameters.ParentPath = new WString(parent.toAbsolutePath().toString());
        WinNT.HANDLEByReference handle = new WinNT.HANDLEByReference();
        int code = virtDisk.CreateVirtualDisk(VirtualStorageType.forImage(child), child.toAbsolutePath().toString(),
                VirtDisk.ACCESS_NONE, null, VirtDisk.CREATE_FLAG_NONE, 0, parameters, null, handle);
        check(code, "create " + child.getFileName() + " as a child of " + parent.getFileName());
        return new VirtualDiskHandle(child, handle.getValue(), closer);
    }

    /** Opens with version 1 parameters, or none when {@code parameters} is null; {@code purpose} completes "cannot open X for ...". */
    public VirtualDiskHandle open(Path image, int accessMask, int flags, OpenVirtualDiskParametersV1 parameters,
            String purpose) throws WindowsErrorException {
        WinNT.HANDLEByReference handle = new WinNT.HANDLEByReference();
        int code = virtDisk.OpenVirtualDisk(VirtualStorageType.forImage(image), image.toAbsolutePath().toString(),
                accessMask, flags, parameters, handle);
        check(code, "open " + image.getFileName() + " for " + purpose);
        return new VirtualDiskHandle(image, handle.getValue(), closer);
    }

    /** Opens with version 2 parameters, which require the access mask NONE. */
    public VirtualDiskHandle open(Path image, int flags, OpenVirtualDiskParametersV2 parameters, String purpose)
            throws WindowsErrorException {
        WinNT.HANDLEByReference handle = new WinNT.HANDLEByReference();
        int code = virtDisk.OpenVirtualDisk(VirtualStorageType.forImage(image), image.toAbsolutePath().toString(),
                VirtDisk.ACCESS_NONE, flags, parameters, handle);
        check(code, "open " + image.getFileName() + " for " + purpose);
        return new VirtualDiskHandle(image, handle.getValue(), closer);
    }

    public void attach(VirtualDiskHandle disk, int flags) throws WindowsErrorException {
        int code = virtDisk.AttachVirtualDisk(disk.raw(), null, flags, 0, new AttachVirtualDiskParametersV1(), null);
        check(code, "attach " + disk.name());
    }

    public void detach(VirtualDiskHandle disk) throws WindowsErrorException {
        check(virtDisk.DetachVirtualDisk(disk.raw(), VirtDisk.DETACH_FLAG_NONE, 0), "detach " + disk.name());
    }

    /** Merges {@code depth} levels with version 1 parameters; the handle needs METAOPS and RWDepth depth + 1. */
    public void merge(VirtualDiskHandle disk, int depth) throws WindowsErrorException {
        int code = virtDisk.MergeVirtualDisk(disk.raw(), VirtDisk.MERGE_FLAG_NONE,
                MergeVirtualDiskParametersV1.withDepth(depth), null);
        check(code, "merge " + disk.name() + " into its parent");
    }

    public DiskSize size(VirtualDiskHandle disk) throws WindowsErrorException {
        GetVirtualDiskInfo info = query(disk, GetVirtualDiskInfo.SIZE, "the size");
        GetVirtualDiskInfo.SizeInfo size = info.Info.Size;
        return new DiskSize(size.VirtualSize, size.PhysicalSize, size.BlockSize, size.SectorSize);
    }

    public UUID identifier(VirtualDiskHandle disk) throws WindowsErrorException {
        return WindowsGuids.toUuid(query(disk, GetVirtualDiskInfo.IDENTIFIER, "the identifier").Info.Identifier);
    }

    /** 2 fixed, 3 dynamic, 4 differencing. */
    public int providerSubtype(VirtualDiskHandle disk) throws WindowsErrorException {
        return query(disk, GetVirtualDiskInfo.PROVIDER_SUBTYPE, "the disk type").Info.ProviderSubtype;
    }

    public int physicalSectorSize(VirtualDiskHandle disk) throws WindowsErrorException {
        return query(disk, GetVirtualDiskInfo.VHD_PHYSICAL_SECTOR_SIZE, "the physical sector size")
                .Info.VhdPhysicalSectorSize;
    }

    /** Whether the image is attached (loaded) anywhere on this machine, including as the running OS's disk. */
    public boolean isLoaded(VirtualDiskHandle disk) throws WindowsErrorException {
        return query(disk, GetVirtualDiskInfo.IS_LOADED, "the attach state").Info.IsLoaded != 0;
    }

    public ParentLocation parentLocation(VirtualDiskHandle disk) throws WindowsErrorException {
        Memory buffer = queryBuffer(disk, GetVirtualDiskInfo.PARENT_LOCATION, "the parent location");
        GetVirtualDiskInfo info = view(buffer, GetVirtualDiskInfo.PARENT_LOCATION);
        long textOffset = info.memberOffset("ParentLocation")
                + info.Info.ParentLocation.fieldOffset("ParentLocationBuffer");
        int maxUnits = (int) Math.min(MAX_PATH_UNITS, (buffer.size() - textOffset) / 2);
        boolean resolved = info.Info.ParentLocation.ParentResolved != 0;
        List<String> paths = resolved ? List.of(Utf16Strings.read(buffer, textOffset, maxUnits))
                : Utf16Strings.readMulti(buffer, textOffset, maxUnits);
        return new ParentLocation(resolved, paths);
    }

    /** Re-points a child at its parent's new location; the handle needs METAOPS and OPEN_VIRTUAL_DISK_FLAG_NO_PARENTS. */
    public void setParentPath(VirtualDiskHandle disk, Path parent) throws WindowsErrorException {
        int code = virtDisk.SetVirtualDiskInformation(disk.raw(),
                SetVirtualDiskInfo.parentPath(parent.toAbsolutePath().toString()));
        check(code, "point " + disk.name() + " at the parent " + parent);
    }

    /** The attached disk's device path, {@code \\.\PhysicalDriveN}. */
    public String physicalPath(VirtualDiskHandle disk) throws WindowsErrorException {
        Memory buffer = growing(2 * 260, (memory, sizeInBytes) -> virtDisk.GetVirtualDiskPhysicalPath(disk.raw(),
                sizeInBytes, memory), "find the device of " + disk.name());
        return Utf16Strings.read(buffer, 0, (int) (buffer.size() / 2));
    }

    /**
     * The backing files under a volume or disk handle (GetStorageDependencyInformation, version 2 entries).
     *
     * @param object a handle from CreateFile on a volume root ({@code \\.\C:\}) or a disk
     * @param objectName names the object in errors, e.g. {@code the system volume C:}
     */
    public List<StorageDependency> storageDependencies(WinNT.HANDLE object, int flags, String objectName)
            throws WindowsErrorException {
        Memory buffer = growing(16 * 1024, (memory, sizeUsed) -> {
            StorageDependencyInfo header = new StorageDependencyInfo(memory);
            header.Version = StorageDependencyInfo.VERSION_2;
            header.writeField("Version");
            return virtDisk.GetStorageDependencyInformation(object, flags, (int) memory.size(), memory, sizeUsed);
        }, "list the virtual disks behind " + objectName);
        return decodeDependencies(buffer, buffer.size());
    }

    static List<StorageDependency> decodeDependencies(Memory buffer, long bufferSize) {
        StorageDependencyInfo header = new StorageDependencyInfo(buffer);
        int count = (Integer) header.readField("NumberEntries");
        int first = header.fieldOffset("Version2Entries");
        int entrySize = new StorageDependencyInfoType2().size();
        if (count < 0 || first + (long) count * entrySize > bufferSize) {
            throw new IllegalStateException("GetStorageDependencyInformation reported " + count
                    + " entries, more than its " + bufferSize + "-byte buffer holds");
        }
        List<StorageDependency> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StorageDependencyInfoType2 entry = new StorageDependencyInfoType2(buffer.share(first + (long) i * entrySize));
            entry.read();
            out.add(new StorageDependency(entry.DependencyTypeFlags, entry.ProviderSpecificFlags,
                    entry.VirtualStorageType.DeviceId, entry.AncestorLevel, text(entry.DependencyDeviceName),
                    text(entry.HostVolumeName), text(entry.DependentVolumeName),
                    text(entry.DependentVolumeRelativePath)));
        }
        return out;
    }

    private static String text(Pointer pointer) {
        return pointer == null ? "" : Utf16Strings.read(pointer, 0, MAX_PATH_UNITS);
    }

    private GetVirtualDiskInfo query(VirtualDiskHandle disk, int version, String what) throws WindowsErrorException {
        return view(queryBuffer(disk, version, what), version);
    }

    /** Runs one GetVirtualDiskInformation query. */
    private Memory queryBuffer(VirtualDiskHandle disk, int version, String what) throws WindowsErrorException {
        int size = version == GetVirtualDiskInfo.PARENT_LOCATION ? FIRST_VARIABLE_BUFFER : new GetVirtualDiskInfo().size();
        return growing(size, (memory, infoSize) -> {
            GetVirtualDiskInfo request = new GetVirtualDiskInfo(memory);
            request.Version = version;
            request.writeField("Version");
            return virtDisk.GetVirtualDiskInformation(disk.raw(), infoSize, memory, null);
        }, "read " + what + " of " + disk.name());
    }

    /** A call that fills a caller-owned buffer; {@code size} holds the buffer's size in and Windows' wish out. */
    @FunctionalInterface
    private interface BufferCall {
        int call(Memory buffer, IntByReference size);
    }

    /** Makes {@code call} with a zeroed buffer, growing it while Windows answers "too small", up to the cap. */
    private static Memory growing(int firstSize, BufferCall call, String attempt) throws WindowsErrorException {
        int size = firstSize;
        while (true) {
            Memory buffer = new Memory(size);
            buffer.clear();
            IntByReference wanted = new IntByReference(size);
            int code = call.call(buffer, wanted);
            if (code == WindowsErrors.ERROR_INSUFFICIENT_BUFFER && size < MAX_VARIABLE_BUFFER) {
                size = grow(size, wanted.getValue());
                continue;
            }
            check(code, attempt);
            return buffer;
        }
    }

    /** Reads the answer with the union member that {@code version} selects. */
    private static GetVirtualDiskInfo view(Memory buffer, int version) {
        GetVirtualDiskInfo info = new GetVirtualDiskInfo(buffer);
        info.Info.setType(unionMember(version));
        info.read();
        return info;
    }

    private static String unionMember(int version) {
        switch (version) {
            case GetVirtualDiskInfo.SIZE:
                return "Size";
            case GetVirtualDiskInfo.IDENTIFIER:
                return "Identifier";
            case GetVirtualDiskInfo.PARENT_LOCATION:
                return "ParentLocation";
            case GetVirtualDiskInfo.PROVIDER_SUBTYPE:
                return "ProviderSubtype";
            case GetVirtualDiskInfo.VHD_PHYSICAL_SECTOR_SIZE:
                return "VhdPhysicalSectorSize";
            case GetVirtualDiskInfo.IS_LOADED:
                return "IsLoaded";
            default:
                throw new IllegalArgumentException("no union member declared for GET_VIRTUAL_DISK_INFO version " + version);
        }
    }

    /** The size Windows asked for, or double when it did not say; never past the cap. */
    private static int grow(int current, int requested) {
        return Math.min(MAX_VARIABLE_BUFFER, Math.max(requested, current * 2));
    }

    private static void check(int code, String attempt) throws WindowsErrorException {
        if (code != 0) {
            throw new WindowsErrorException(attempt, code);
        }
    }
}
