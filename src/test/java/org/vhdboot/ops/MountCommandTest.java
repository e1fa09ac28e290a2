package org.vhdboot.ops;

import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.io.ReadOnlyMark;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A parent may only be attached read-only; children and standalone images may be attached writable. */
class MountCommandTest {
    @TempDir
    Path dir;

    private final RecordingAttacher attacher = new RecordingAttacher();
    private Services services;
    private LayoutFixture layout;

    @BeforeEach
    void setUp() throws Exception {
        services = TestWorld.portable(Clock.systemUTC()).with(Platform.class, new FakePlatform()).with(DiskAttacher.class, attacher);
        layout = LayoutFixture.initialized(dir, services);
    }

    @Test
    void aWritableMountOfTheParentIsRefusedWithAReason() {
        CommandRun run = CommandRun.with(services, "mount", layout.parent.toString());
        assertEquals(ExitCode.PRECONDITION.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("--read-only") && run.err().contains("Gold-Current.vhdx"), run.err());
        assertEquals(List.of(), attacher.calls);
    }

    @Test
    void theParentMountsReadOnly() {
        CommandRun run = CommandRun.with(services, "mount", layout.parent.toString(), "--read-only", "--letter", "X:");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("ro Gold.vhdx X:"), attacher.calls);
        assertTrue(run.out().contains("attached") && run.out().contains("X:\\"), run.out());
    }

    @Test
    void aParentOutsideALayoutIsRecognisedByItsChildren() throws Exception {
        Path other = dir.resolve("standalone");
        java.nio.file.Files.createDirectory(other);
        DiskImages images = new DiskImages();
        images.create(other.resolve("base.vhdx"), ImageSpec.dynamic(16 << 20));
        images.createChild(other.resolve("child.vhdx"), other.resolve("base.vhdx"));
        CommandRun refused = CommandRun.with(services, "mount", other.resolve("base.vhdx").toString());
        assertEquals(ExitCode.PRECONDITION.code(), refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("child.vhdx"), refused.err());
        assertEquals(0, CommandRun.with(services, "mount", other.resolve("child.vhdx").toString()).exitCode());
    }

    @Test
    void aReadOnlyMarkedImageWithoutChildrenMountsOnlyReadOnly() throws Exception {
        Path sealed = dir.resolve("sealed.vhdx");
        new DiskImages().create(sealed, ImageSpec.dynamic(16 << 20));
        ReadOnlyMark.mark(sealed);
        CommandRun refused = CommandRun.with(services, "mount", sealed.toString());
        assertEquals(ExitCode.PRECONDITION.code(), refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("marked read-only") && refused.err().contains("--read-only"), refused.err());
        assertEquals(List.of(), attacher.calls);
        assertEquals(0, CommandRun.with(services, "mount", sealed.toString(), "--read-only").exitCode());
        assertEquals(List.of("ro sealed.vhdx"), attacher.calls);
    }

    @Test
    void childrenMountWritableAndUnmount() {
        assertEquals(0, CommandRun.with(services, "mount", layout.current.toString()).exitCode());
        assertEquals(0, CommandRun.with(services, "unmount", layout.current.toString()).exitCode());
        assertEquals(List.of("rw Gold-Current.vhdx", "detach Gold-Current.vhdx"), attacher.calls);
    }

    @Test
    void withoutVirtdiskItSaysSo() {
        Services linux = TestWorld.portable(Clock.systemUTC()).with(Platform.class, new FakePlatform());
        CommandRun run = CommandRun.with(linux, "mount", layout.current.toString());
        assertEquals(ExitCode.PRECONDITION.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("virtdisk"), run.err());
    }
}
