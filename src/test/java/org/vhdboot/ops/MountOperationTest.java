package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.OperationException;
import org.vhdboot.windows.AttachedDisk;
import org.vhdboot.windows.DiskAttacher;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A parent may only be attached read-only; children and standalone images may be attached writable. */
class MountOperationTest {
    @TempDir
    Path dir;

    private final RecordingAttacher attacher = new RecordingAttacher();
    private final TestWorld world = new TestWorld().with(DiskAttacher.class, attacher);
    private LayoutFixture layout;

    @BeforeEach
    void setUp() throws Exception {
        layout = LayoutFixture.initialized(dir, world);
    }

    private MountOperation mounts() throws OperationException {
        return new MountOperation(world.context());
    }

    private OperationException refused(Path image) {
        OperationException e = assertThrows(OperationException.class,
                () -> mounts().mount(image, false, Optional.empty()));
        assertEquals(OperationException.Kind.PRECONDITION, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void aWritableMountOfTheParentIsRefusedWithAReason() {
        String message = refused(layout.parent).getMessage();
        assertTrue(message.contains("--read-only") && message.contains("Gold-Current.vhdx"), message);
        assertEquals(List.of(), attacher.calls);
    }

    @Test
    void theParentMountsReadOnly() throws Exception {
        AttachedDisk disk = mounts().mount(layout.parent, true, Optional.of("X:"));
        assertEquals(List.of("ro Gold.vhdx X:"), attacher.calls);
        assertTrue(disk.readOnly());
        assertEquals(List.of("X:\\"), disk.mountPoints());
    }

    @Test
    void aParentOutsideALayoutIsRecognisedByItsChildren() throws Exception {
        Path other = Files.createDirectory(dir.resolve("standalone"));
        DiskImages images = new DiskImages();
        images.create(other.resolve("base.vhdx"), ImageSpec.dynamic(16 << 20));
        images.createChild(other.resolve("child.vhdx"), other.resolve("base.vhdx"));
        assertTrue(refused(other.resolve("base.vhdx")).getMessage().contains("child.vhdx"));
        mounts().mount(other.resolve("child.vhdx"), false, Optional.empty());
        assertEquals(List.of("rw child.vhdx"), attacher.calls);
    }

    @Test
    void aReadOnlyMarkedImageWithoutChildrenMountsOnlyReadOnly() throws Exception {
        Path sealed = dir.resolve("sealed.vhdx");
        new DiskImages().create(sealed, ImageSpec.dynamic(16 << 20));
        ReadOnlyMark.mark(sealed);
        String message = refused(sealed).getMessage();
        assertTrue(message.contains("marked read-only") && message.contains("--read-only"), message);
        assertEquals(List.of(), attacher.calls);
        mounts().mount(sealed, true, Optional.empty());
        assertEquals(List.of("ro sealed.vhdx"), attacher.calls);
    }

    @Test
    void childrenMountWritableAndUnmount() throws Exception {
        mounts().mount(layout.current, false, Optional.empty());
        mounts().unmount(layout.current);
        assertEquals(List.of("rw Gold-Current.vhdx", "detach Gold-Current.vhdx"), attacher.calls);
    }

    @Test
    void aFileThatIsNotThereIsNamed() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> mounts().mount(dir.resolve("nothing.vhdx"), true, Optional.empty()));
        assertEquals(dir.resolve("nothing.vhdx").toString(), e.getFile());
        assertEquals(List.of(), attacher.calls);
    }

    @Test
    void withoutVirtdiskItSaysSo() throws Exception {
        TestWorld linux = new TestWorld();
        OperationException e = assertThrows(OperationException.class,
                () -> new MountOperation(linux.context()).mount(layout.current, false, Optional.empty()));
        assertEquals(OperationException.Kind.PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("virtdisk"), e.getMessage());
    }
}
