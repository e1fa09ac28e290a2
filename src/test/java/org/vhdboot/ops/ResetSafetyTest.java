package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import org.vhdboot.testing.Pipes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures a reset survives are undone at once; what a crash leaves is finished only where it is safe. */
class ResetSafetyTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    private static boolean noTemporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.noneMatch(p -> p.getFileName().toString().contains("vhdboot-tmp"));
        }
    }

    @Test
    void aRenameThatFailsIsRolledBackAtOnce() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        layout.writeUserChanges(layout.current);
        String before = LayoutFixture.sha256(layout.current);
        IoStepHook scannerHoldsTheFile = (step, path, position, length) -> {
            if (step == IoStepHook.Step.RENAME && path.getFileName().toString().startsWith("Gold-Current")) {
                throw new AccessDeniedException(path.toString(), null, "used by another process");
            }
        };
        TestWorld scanned = new TestWorld().with(IoStepHook.class, scannerHoldsTheFile);
        for (boolean keepOld : new boolean[] {false, true}) {
            assertThrows(AccessDeniedException.class, () -> scanned.reset(dir,
                    new ResetOperation.Options(Role.CURRENT, true, false, keepOld, false)));
            assertEquals(before, LayoutFixture.sha256(layout.current), "the old Current is in place");
            assertFalse(Files.exists(dir.resolve(ResetJournal.FILE_NAME)), "nothing left for a later command");
            assertTrue(noTemporaryFiles(dir));
        }
        FolderSnapshot beforeStatus = FolderSnapshot.of(dir);
        StatusOperation.Report status = world.status(dir);
        assertEquals(null, status.recovered());
        assertEquals(null, status.pendingReset());
        assertEquals(java.util.List.of(), beforeStatus.changesTo(FolderSnapshot.of(dir)), "status changed nothing");
    }

    @Test
    void anInterruptedResetIsNotFinishedWhileRunningFromItsTarget() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        layout.writeUserChanges(layout.current);
        String before = LayoutFixture.sha256(layout.current);
        Path replacement = dir.resolve("Gold-Current.vhdboot-tmp.vhdx");
        new DiskImages().createChild(replacement, layout.parent);
        new ResetJournal(Role.CURRENT, "Gold-Current.vhdx", replacement.getFileName().toString(),
                Optional.empty(), Instant.now()).write(dir, new FileSteps(IoStepHook.NONE));

        world.platform.runningRole = "current";
        StatusOperation.Report status = world.status(dir);
        assertFalse(status.healthy());
        assertTrue(status.problems().stream().anyMatch(p -> p.endsWith("was interrupted; `vhdboot reset current`"
                + " finishes it")), status.problems().toString());
        OperationException refused = assertThrows(OperationException.class, () -> world.reset(dir, Role.RECOVERY));
        assertEquals(OperationException.Kind.PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("cannot be finished while running from it"), refused.getMessage());
        assertEquals(before, LayoutFixture.sha256(layout.current));
        assertTrue(Files.exists(replacement));

        world.platform.runningRole = "recovery";
        world.reset(dir, Role.CURRENT);
        assertTrue(world.reporter.infos.stream().anyMatch(i -> i.startsWith("finished an interrupted reset")),
                world.reporter.infos.toString());
        assertTrue(layout.isFreshChild(layout.current));
    }

    @Test
    void aDamagedJournalDoesNotBlockResets() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        Files.writeString(dir.resolve(ResetJournal.FILE_NAME), "target=current\ntarget_file=Gold-Current.vhdx\n"
                + "replacement=Gold-Current.vhdboot-tmp.vhdx\nstarted=yesterday\n");
        Files.write(dir.resolve("garbage"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
        world.reset(dir, Role.CURRENT);
        assertTrue(layout.isFreshChild(layout.current));
    }

    @Test
    void aVhdParentWrittenAfterInitIsDetected() throws Exception {
        Path parent = dir.resolve("Old.vhd");
        DiskImages images = new DiskImages();
        images.create(parent, ImageSpec.dynamic(16 << 20));
        Files.setLastModifiedTime(parent, FileTime.from(Instant.now().minusSeconds(60)));
        world.init(InitOptions.parent(parent).bootStore("none"));
        try (Chain disk = images.allowingParentWrites().open(parent, true)) {
            disk.write(0, ByteBuffer.wrap("tampered".getBytes(StandardCharsets.US_ASCII)));
        }
        StatusOperation.Report status = world.status(dir);
        assertTrue(status.problems().stream().anyMatch(p -> p.contains("was modified")), status.problems().toString());
        String before = LayoutFixture.sha256(dir.resolve("Old-Current.vhd"));
        OperationException e = assertThrows(OperationException.class, () -> world.reset(dir, Role.CURRENT));
        assertEquals(OperationException.Kind.PARENT, e.kind(), e.getMessage());
        assertEquals(before, LayoutFixture.sha256(dir.resolve("Old-Current.vhd")));
    }

    /** A pipe at the log's name would hold every changing command: the line is left out, the reset done. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
    void aPipeInPlaceOfTheLogHoldsNothing() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        Path log = dir.resolve(OperationLog.FILE_NAME);
        Pipes.putAt(log);
        layout.writeUserChanges(layout.current);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> world.reset(dir, Role.CURRENT));
        assertTrue(layout.isFreshChild(layout.current));
        assertFalse(Files.isRegularFile(log), "the pipe is left alone");
    }

    /** A pipe or a folder where an image should be is a broken image: neither waits for a writer nor fails status. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
    void aPipeOrAFolderInPlaceOfAChildIsReportedBrokenWithoutWaiting() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        Files.move(layout.recovery, dir.resolve("elsewhere"));
        Pipes.putAt(layout.recovery);
        for (String what : new String[] {"a pipe", "a folder"}) {
            StatusOperation.Report status = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> world.status(dir));
            assertFalse(status.healthy());
            assertEquals(List.of("Recovery (Gold-Recovery.vhdx) is broken: not a file (a folder, a pipe or a device);"
                    + " move it away, then `vhdboot reset recovery` recreates it"), status.problems(), what);
            OperationException refused = assertThrows(OperationException.class, () -> assertTimeoutPreemptively(
                    Duration.ofSeconds(30), () -> world.reset(dir, Role.RECOVERY)));
            assertEquals("reset refused: Gold-Recovery.vhdx is not a file (a folder, a pipe or a device), which"
                    + " vhdboot does not replace; move it away and run the reset again", refused.getMessage(), what);
            // The SHA-256 a pull or push checks a version by is never read from one either.
            assertThrows(InvalidImageException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> FileDigest.sha256(layout.recovery)));
            Files.delete(layout.recovery);
            Files.createDirectory(layout.recovery);
        }
        Files.delete(layout.recovery);
        world.reset(dir, Role.RECOVERY);
        assertTrue(world.status(dir).healthy());
        // A snapshot's file that is a folder is said as such, not as missing.
        world.snapshot(dir, "s1");
        Path snapshot = dir.resolve("Gold-s-s1.vhdx");
        Files.delete(snapshot);
        Files.createDirectory(snapshot);
        assertEquals("snapshot:s1's file Gold-s-s1.vhdx is not a file (a folder, a pipe or a device)", assertThrows(
                OperationException.class, () -> world.revert(dir, "s1", false)).getMessage());
    }
}
