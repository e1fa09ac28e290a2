package org.vhdboot.windows.virtdisk;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.JavaDiskEngine;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.vhdx.MsGuid;
import org.vhdboot.windows.AttachedDisk;
import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.WindowsParts;
import org.vhdboot.windows.win32.ProcessToken;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Windows' own virtdisk against the Java engine's files, both ways: Windows must accept what Java writes, and
 * Java must read what Windows writes. Attach tests need an elevated process (GitHub's Windows runners are).
 */
@EnabledOnOs(OS.WINDOWS)
class VirtDiskOnWindowsTest {
    private static final long SIZE = 64L << 20;

    @TempDir
    Path folder;

    private final DiskImages images = new DiskImages();
    private final JavaDiskEngine javaEngine = new JavaDiskEngine(images);
    private VirtualDiskApi api;
    private VirtDiskEngine virtDisk;
    private Path parent;

    @BeforeEach
    void createParentWithTheJavaEngine() throws Exception {
        api = VirtualDiskApi.load(VirtDiskLoader.NATIVE);
        virtDisk = new VirtDiskEngine(api);
        parent = folder.resolve("Golden.vhdx");
        images.create(parent, ImageSpec.dynamic(SIZE));
    }

    @Test
    void aVirtDiskChildLinksToTheParentsDataWriteGuid() throws Exception {
        Path child = folder.resolve("Golden-Current.vhdx");
        virtDisk.createChild(child, parent);

        LayerInfo info = virtDisk.info(child);
        assertEquals(DiskType.DIFFERENCING, info.type());
        assertEquals(SIZE, info.virtualSize());
        assertEquals("true", info.parentLink().get("parent_resolved"));
        assertTrue(info.parentLink().get("parent_path").equalsIgnoreCase(parent.toAbsolutePath().toString()),
                info.parentLink().toString());

        UUID dataWriteGuid;
        try (Layer base = images.openLayer(parent, false, Durability.SAFE)) {
            dataWriteGuid = base.linkId().orElseThrow();
        }
        try (Layer made = images.openLayer(child, false, Durability.SAFE)) {
            String linkage = made.parentLink().orElseThrow().fields().get("parent_linkage");
            assertEquals(dataWriteGuid, MsGuid.parseBraced(linkage));
        }
        try (Chain chain = images.open(child, false)) {
            assertEquals(1, chain.depth());
            assertTrue(chain.warnings().isEmpty(), chain.warnings().toString());
        }
    }

    /** [MS-VHDX] 2.6.1.2 and 2.6.2: Virtual Disk ID is IsVirtualDisk metadata, which forking copies; see architecture.md. */
    @Test
    void aVirtDiskChildCarriesTheParentsVirtualDiskIdAsTheJavaEngineDoes() throws Exception {
        Path fromVirtDisk = folder.resolve("Golden-Current.vhdx");
        Path fromJava = folder.resolve("Golden-Recovery.vhdx");
        virtDisk.createChild(fromVirtDisk, parent);
        javaEngine.createChild(fromJava, parent);

        for (Path child : new Path[] {fromVirtDisk, fromJava}) {
            try (Chain chain = images.open(child, false)) {
                UUID childId = UUID.fromString(chain.top().info().id());
                UUID parentId = UUID.fromString(chain.base().info().id());
                System.out.println("virtual disk id of " + child.getFileName() + ": " + childId + ", parent: " + parentId);
                assertEquals(parentId, childId, child.getFileName().toString());
            }
        }
    }

    @Test
    void windowsOpensAChildMadeByTheJavaEngine() throws Exception {
        Path child = folder.resolve("Golden-Recovery.vhdx");
        javaEngine.createChild(child, parent);

        LayerInfo info = virtDisk.info(child);
        assertEquals(DiskType.DIFFERENCING, info.type());
        assertEquals(SIZE, info.virtualSize());
        assertEquals("true", info.parentLink().get("parent_resolved"));
        assertFalse(virtDisk.attached(child));
    }

    @Test
    void reportsTheRecordedParentPathsWhenTheParentIsGone() throws Exception {
        Path child = folder.resolve("Golden-Current.vhdx");
        javaEngine.createChild(child, parent);
        Files.move(parent, folder.resolve("Golden-moved-away.vhdx"));

        LayerInfo info = virtDisk.info(child);

        System.out.println("parent gone: " + info.parentLink() + ", " + info.details().get("parent_problem"));
        assertEquals(DiskType.DIFFERENCING, info.type());
        assertEquals("false", info.parentLink().get("parent_resolved"));
        assertTrue(info.parentLink().values().stream().anyMatch(path -> path.endsWith("Golden.vhdx")),
                info.parentLink().toString());
        assertTrue(info.details().containsKey("parent_problem"), info.details().toString());
    }

    @Test
    void attachesBothEnginesChildrenReadOnlyAndDetachesThem() throws Exception {
        assumeTrue(ProcessToken.elevated(), "attaching needs an elevated process");
        Path fromVirtDisk = folder.resolve("Golden-Current.vhdx");
        Path fromJava = folder.resolve("Golden-Recovery.vhdx");
        virtDisk.createChild(fromVirtDisk, parent);
        javaEngine.createChild(fromJava, parent);
        DiskAttacher attacher = WindowsParts.attacher(api);

        for (Path child : new Path[] {fromVirtDisk, fromJava}) {
            AttachedDisk disk = attacher.attach(child, true, Optional.empty());
            try {
                assertTrue(disk.device().toLowerCase().startsWith("\\\\.\\physicaldrive"), disk.device());
                assertTrue(virtDisk.attached(child), child + " should be attached");
            } finally {
                attacher.detach(child);
            }
            assertFalse(virtDisk.attached(child), child + " should be detached");
        }
    }

    @Test
    void mergesDataTheJavaEngineWroteIntoAVirtDiskChild() throws Exception {
        Path child = folder.resolve("Golden-Current.vhdx");
        virtDisk.createChild(child, parent);
        byte[] pattern = new byte[1 << 20];
        Arrays.fill(pattern, (byte) 0x5A);
        try (Chain chain = images.open(child, true)) {
            chain.write(3L << 20, ByteBuffer.wrap(pattern));
            chain.flush();
        }

        virtDisk.mergeIntoParent(child);

        try (Chain base = images.open(parent, false)) {
            ByteBuffer read = ByteBuffer.allocate(pattern.length);
            base.read(3L << 20, read);
            assertArrayEquals(pattern, read.array());
        }
        assertTrue(Files.exists(child), "virtdisk leaves the merged child for the caller to delete");
    }
}
