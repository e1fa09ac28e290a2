package org.vhdboot.windows.virtdisk;

import org.vhdboot.disk.DiskEngine;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.windows.WindowsErrorException;
import org.vhdboot.windows.WindowsErrors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link DiskEngine} on Windows' own virtdisk.dll: the files are made and merged by the code that boots them. */
public final class VirtDiskEngine implements DiskEngine {
    /** {@link LayerInfo#allocatedBytes()} when the engine cannot tell, as virtdisk cannot. */
    public static final long UNKNOWN = -1;
    /** Errors that concern the parent, not the file asked about. */
    private static final Set<Integer> PARENT_ERRORS = Set.of(WindowsErrors.ERROR_VHD_PARENT_VHD_NOT_FOUND,
            WindowsErrors.ERROR_VHD_CHILD_PARENT_ID_MISMATCH, WindowsErrors.ERROR_VHD_CHILD_PARENT_TIMESTAMP_MISMATCH,
            WindowsErrors.ERROR_VHD_PARENT_VHD_ACCESS_DENIED, WindowsErrors.ERROR_VHD_DIFFERENCING_CHAIN_ERROR_IN_PARENT);

    private final VirtualDiskApi api;

    public VirtDiskEngine(VirtualDiskApi api) {
        this.api = api;
    }

    @Override
    public String name() {
        return "virtdisk";
    }

    @Override
    public void createChild(Path child, Path parent) throws IOException {
        if (Files.exists(child)) {
            throw new FileAlreadyExistsException(child.toString(), null, "already exists");
        }
        if (!Files.isRegularFile(parent)) {
            throw new NoSuchFileException(parent.toString(), null, "no such file");
        }
        boolean created = false;
        try {
            api.createDifferencing(child, parent).close();
            created = true;
        } finally {
            if (!created) {
                Files.deleteIfExists(child);
            }
        }
        // virtdisk does not promise the new file is on the disk when its handle closes; FlushFileBuffers does.
        try (FileChannel file = FileChannel.open(child, StandardOpenOption.WRITE)) {
            file.force(true);
        }
    }

    /**
     * Opens with its parents; when virtdisk cannot open the chain because of the parent (missing, replaced,
     * unreadable), opens the file alone with NO_PARENTS, so the paths it records are still reported.
     */
    @Override
    public LayerInfo info(Path image) throws IOException {
        Optional<WindowsErrorException> parentProblem = Optional.empty();
        VirtualDiskHandle opened;
        try {
            opened = openForInfo(image, VirtDisk.OPEN_FLAG_NONE);
        } catch (WindowsErrorException e) {
            if (!PARENT_ERRORS.contains(e.code())) {
                throw e;
            }
            parentProblem = Optional.of(e);
            opened = openForInfo(image, VirtDisk.OPEN_FLAG_NO_PARENTS);
        }
        try (VirtualDiskHandle disk = opened) {
            DiskSize size = api.size(disk);
            DiskType type = typeOf(api.providerSubtype(disk), image);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("engine", name());
            parentProblem.ifPresent(e -> details.put("parent_problem", WindowsErrors.explain(e.code()) + " ("
                    + WindowsErrors.codeText(e.code()) + ")"));
            details.put("attached", api.isLoaded(disk));
            int physicalSectorSize = physicalSectorSize(disk, details);
            Map<String, String> parentLink = type == DiskType.DIFFERENCING ? parentLink(api.parentLocation(disk)) : Map.of();
            return new LayerInfo(image.toString(), DiskFormat.fromPath(image), type, size.virtualSize(),
                    size.physicalSize(), UNKNOWN, size.blockSize(), size.sectorSize(), physicalSectorSize,
                    api.identifier(disk).toString(), null, details, parentLink);
        }
    }

    private VirtualDiskHandle openForInfo(Path image, int flags) throws WindowsErrorException {
        return api.open(image, flags, OpenVirtualDiskParametersV2.of(true, true), "reading its information");
    }

    /** Opens the child with METAOPS and RWDepth 2 (merge depth + 1), then merges one level down. */
    @Override
    public void mergeIntoParent(Path child) throws IOException {
        try (VirtualDiskHandle disk = api.open(child, VirtDisk.ACCESS_METAOPS, VirtDisk.OPEN_FLAG_NONE,
                OpenVirtualDiskParametersV1.withReadWriteDepth(2), "merging")) {
            api.merge(disk, 1);
        }
    }

    /** Whether {@code image} is attached anywhere on this machine, the running OS's own disk included. */
    public boolean attached(Path image) throws IOException {
        try (VirtualDiskHandle disk = api.open(image, VirtDisk.OPEN_FLAG_NONE,
                OpenVirtualDiskParametersV2.of(true, true), "checking whether it is attached")) {
            return api.isLoaded(disk);
        }
    }

    /** Points {@code child} at {@code parent}'s current location, after the parent was moved. */
    public void relinkParent(Path child, Path parent) throws IOException {
        try (VirtualDiskHandle disk = api.open(child, VirtDisk.ACCESS_METAOPS, VirtDisk.OPEN_FLAG_NO_PARENTS,
                OpenVirtualDiskParametersV1.withReadWriteDepth(1), "re-linking its parent")) {
            api.setParentPath(disk, parent);
        }
    }

    private static DiskType typeOf(int providerSubtype, Path image) throws IOException {
        switch (providerSubtype) {
            case VirtDisk.PROVIDER_SUBTYPE_FIXED:
                return DiskType.FIXED;
            case VirtDisk.PROVIDER_SUBTYPE_DYNAMIC:
                return DiskType.DYNAMIC;
            case VirtDisk.PROVIDER_SUBTYPE_DIFFERENCING:
                return DiskType.DIFFERENCING;
            default:
                throw new IOException(image.getFileName() + ": virtdisk reports an unknown disk type " + providerSubtype);
        }
    }

    /** A secondary fact: when this Windows cannot say, the rest of the information is still worth showing. */
    private int physicalSectorSize(VirtualDiskHandle disk, Map<String, Object> details) {
        try {
            return api.physicalSectorSize(disk);
        } catch (WindowsErrorException e) {
            details.put("physical_sector_size", "unknown: " + e.getMessage());
            return 0;
        }
    }

    private static Map<String, String> parentLink(ParentLocation location) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("parent_resolved", String.valueOf(location.resolved()));
        List<String> paths = location.paths();
        if (location.resolved()) {
            link.put("parent_path", paths.get(0));
        } else {
            for (int i = 0; i < paths.size(); i++) {
                link.put("parent_candidate_" + (i + 1), paths.get(i));
            }
        }
        return link;
    }
}
