package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.windows.WindowsErrorException;
import org.vhdboot.windows.WindowsErrors;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtDiskEngineTest {
    @TempDir
    Path folder;

    private final FakeVirtDisk virtDisk = new FakeVirtDisk();
    private final List<Long> closed = new ArrayList<>();
    private final VirtDiskEngine engine = new VirtDiskEngine(
            new VirtualDiskApi(virtDisk, h -> closed.add(Pointer.nativeValue(h.getPointer()))));

    @Test
    void createsAChildThroughVirtDiskAndClosesTheHandle() throws Exception {
        Path parent = Files.createFile(folder.resolve("Win.vhdx"));
        Path child = folder.resolve("Win-Current.vhdx");
        VirtDiskEngine writing = new VirtDiskEngine(new VirtualDiskApi(new FakeVirtDisk() {
            @Override
            public int CreateVirtualDisk(VirtualStorageType storageType, String path, int accessMask,
                    Pointer securityDescriptor, int flags, int providerSpecificFlags, CreateVirtualDiskParametersV2 p,
                    Pointer overlapped, com.sun.jna.platform.win32.WinNT.HANDLEByReference handle) {
                try {
                    Files.createFile(Path.of(path));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return super.CreateVirtualDisk(storageType, path, accessMask, securityDescriptor, flags,
                        providerSpecificFlags, p, overlapped, handle);
            }
        }, h -> closed.add(Pointer.nativeValue(h.getPointer()))));
        writing.createChild(child, parent);
        assertTrue(Files.exists(child));
        assertEquals(1, closed.size());
    }

    @Test
    void refusesAnExistingChildWithoutCallingVirtDisk() throws Exception {
        Path parent = Files.createFile(folder.resolve("Win.vhdx"));
        Path child = Files.createFile(folder.resolve("Win-Current.vhdx"));
        assertThrows(FileAlreadyExistsException.class, () -> engine.createChild(child, parent));
        assertEquals(List.of(), virtDisk.calls);
    }

    @Test
    void refusesAMissingParent() {
        assertThrows(NoSuchFileException.class,
                () -> engine.createChild(folder.resolve("Win-Current.vhdx"), folder.resolve("Win.vhdx")));
        assertEquals(List.of(), virtDisk.calls);
    }

    @Test
    void aFailedCreateLeavesNoFileBehind() throws Exception {
        Path parent = Files.createFile(folder.resolve("Win.vhdx"));
        Path child = folder.resolve("Win-Current.vhdx");
        VirtDiskEngine failing = new VirtDiskEngine(new VirtualDiskApi(new FakeVirtDisk() {
            @Override
            public int CreateVirtualDisk(VirtualStorageType storageType, String path, int accessMask,
                    Pointer securityDescriptor, int flags, int providerSpecificFlags, CreateVirtualDiskParametersV2 p,
                    Pointer overlapped, com.sun.jna.platform.win32.WinNT.HANDLEByReference handle) {
                try {
                    Files.write(Path.of(path), new byte[] {1});
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return 0xC03A0017;
            }
        }, h -> closed.add(1L)));
        WindowsErrorException e = assertThrows(WindowsErrorException.class, () -> failing.createChild(child, parent));
        assertEquals(0xC03A0017, e.code());
        assertFalse(Files.exists(child));
    }

    @Test
    void describesADifferencingChild() throws Exception {
        virtDisk.loaded = true;
        LayerInfo info = engine.info(Path.of("/vhd/Win-Current.vhdx"));
        FakeVirtDisk.Call open = virtDisk.last("OpenVirtualDisk");
        assertEquals(2, open.get("version"));
        assertEquals(1, open.get("getInfoOnly"));
        assertEquals(1, open.get("readOnly"));
        assertEquals(0, open.get("access"), "version 2 opens need access NONE");

        assertEquals(DiskFormat.VHDX, info.format());
        assertEquals(DiskType.DIFFERENCING, info.type());
        assertEquals(virtDisk.virtualSize, info.virtualSize());
        assertEquals(virtDisk.physicalSize, info.fileSize());
        assertEquals(VirtDiskEngine.UNKNOWN, info.allocatedBytes());
        assertEquals(virtDisk.blockSize, info.blockSize());
        assertEquals(512, info.logicalSectorSize());
        assertEquals(4096, info.physicalSectorSize());
        assertEquals(virtDisk.identifier.toString(), info.id());
        assertEquals(true, info.details().get("attached"));
        assertEquals("virtdisk", info.details().get("engine"));
        assertEquals(Map.of("parent_resolved", "true", "parent_path", "C:\\vhd\\Win.vhdx"), info.parentLink());
        assertEquals(1, closed.size());
    }

    @Test
    void listsParentCandidatesWhenTheParentIsMissing() throws Exception {
        virtDisk.parentResolved = false;
        virtDisk.parentPaths = List.of(".\\Win.vhdx", "C:\\vhd\\Win.vhdx");
        LayerInfo info = engine.info(Path.of("/vhd/Win-Current.vhdx"));
        assertEquals(Map.of("parent_resolved", "false", "parent_candidate_1", ".\\Win.vhdx",
                "parent_candidate_2", "C:\\vhd\\Win.vhdx"), info.parentLink());
    }

    @Test
    void aMissingParentReopensTheChildAloneAndReportsTheRecordedPaths() throws Exception {
        virtDisk.parentOpenError = WindowsErrors.ERROR_VHD_PARENT_VHD_NOT_FOUND;
        virtDisk.parentResolved = false;
        virtDisk.parentPaths = List.of(".\\Win.vhdx", "\\\\?\\Volume{6a1f0c2e}\\vhd\\Win.vhdx", "\\\\?\\C:\\vhd\\Win.vhdx");

        LayerInfo info = engine.info(Path.of("/vhd/Win-Current.vhdx"));

        List<FakeVirtDisk.Call> opens = virtDisk.calls("OpenVirtualDisk");
        assertEquals(List.of(VirtDisk.OPEN_FLAG_NONE, VirtDisk.OPEN_FLAG_NO_PARENTS),
                opens.stream().map(open -> open.get("flags")).toList());
        assertEquals(1, opens.get(1).get("getInfoOnly"));
        assertEquals(Map.of("parent_resolved", "false", "parent_candidate_1", ".\\Win.vhdx",
                "parent_candidate_2", "\\\\?\\Volume{6a1f0c2e}\\vhd\\Win.vhdx",
                "parent_candidate_3", "\\\\?\\C:\\vhd\\Win.vhdx"), info.parentLink());
        assertEquals("the parent of this differencing disk cannot be found (Windows error 0xC03A000D)",
                info.details().get("parent_problem"));
        assertEquals(DiskType.DIFFERENCING, info.type());
        assertEquals(1, closed.size(), "only the second open gave a handle");
    }

    @Test
    void aFailureThatIsNotAboutTheParentIsNotRetried() {
        virtDisk.parentOpenError = WindowsErrors.ERROR_SHARING_VIOLATION;
        WindowsErrorException e = assertThrows(WindowsErrorException.class,
                () -> engine.info(Path.of("/vhd/Win-Current.vhdx")));
        assertEquals(WindowsErrors.ERROR_SHARING_VIOLATION, e.code());
        assertEquals(1, virtDisk.calls("OpenVirtualDisk").size());
    }

    @Test
    void aBaseImageHasNoParentLinkAndIsNotAskedForOne() throws Exception {
        virtDisk.providerSubtype = VirtDisk.PROVIDER_SUBTYPE_DYNAMIC;
        LayerInfo info = engine.info(Path.of("/vhd/Win.vhdx"));
        assertEquals(DiskType.DYNAMIC, info.type());
        assertEquals(Map.of(), info.parentLink());
        assertTrue(virtDisk.calls("GetVirtualDiskInformation").stream()
                .noneMatch(c -> c.get("version").equals(GetVirtualDiskInfo.PARENT_LOCATION)));
    }

    @Test
    void mergesWithMetaOpsAndDepthTwoThenOneLevel() throws Exception {
        engine.mergeIntoParent(Path.of("/vhd/Win-Current.vhdx"));
        FakeVirtDisk.Call open = virtDisk.last("OpenVirtualDisk");
        assertEquals(VirtDisk.ACCESS_METAOPS, open.get("access"));
        assertEquals(1, open.get("version"));
        assertEquals(2, open.get("rwDepth"));
        assertEquals(1, virtDisk.last("MergeVirtualDisk").get("depth"));
        assertEquals(List.of("OpenVirtualDisk", "MergeVirtualDisk"), virtDisk.functionsCalled());
        assertEquals(1, closed.size());
    }

    @Test
    void theHandleIsClosedWhenTheMergeFails() {
        virtDisk.failures.put("MergeVirtualDisk", 32);
        assertThrows(WindowsErrorException.class, () -> engine.mergeIntoParent(Path.of("/vhd/Win-Current.vhdx")));
        assertEquals(1, closed.size());
    }

    @Test
    void tellsWhetherAnImageIsAttached() throws Exception {
        assertFalse(engine.attached(Path.of("/vhd/Win-Current.vhdx")));
        virtDisk.loaded = true;
        assertTrue(engine.attached(Path.of("/vhd/Win-Current.vhdx")));
    }

    @Test
    void relinksWithoutOpeningTheParents() throws Exception {
        engine.relinkParent(Path.of("/vhd/Win-Current.vhdx"), Path.of("/vhd/moved/Win.vhdx"));
        FakeVirtDisk.Call open = virtDisk.last("OpenVirtualDisk");
        assertEquals(VirtDisk.OPEN_FLAG_NO_PARENTS, open.get("flags"));
        assertEquals(VirtDisk.ACCESS_METAOPS, open.get("access"));
        assertEquals(Path.of("/vhd/moved/Win.vhdx").toAbsolutePath().toString(),
                virtDisk.last("SetVirtualDiskInformation").get("parentPath"));
    }
}
