package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.windows.SystemRestart;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResetOperationTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private LayoutFixture layout;

    @BeforeEach
    void setUp() throws Exception {
        layout = LayoutFixture.initialized(dir, world);
        layout.writeUserChanges(layout.current);
    }

    private ResetOperation.Result reset(boolean yes, boolean dryRun, boolean keepOld) throws Exception {
        return world.reset(dir, new ResetOperation.Options(Role.CURRENT, yes, dryRun, keepOld, false));
    }

    private OperationException refused(OperationException.Kind kind) throws Exception {
        String before = LayoutFixture.sha256(layout.current);
        OperationException e = assertThrows(OperationException.class, () -> reset(true, false, false));
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(before, LayoutFixture.sha256(layout.current), "Current is untouched");
        return e;
    }

    @Test
    void rebootingIsTrueOnlyWhenTheMachineIsRestarted() throws Exception {
        ResetOperation.Options withReboot = new ResetOperation.Options(Role.CURRENT, true, false, false, true);
        assertFalse(world.reset(dir, withReboot).rebooting(), "--reboot is ignored where nothing can restart");
        RecordingRestart restart = new RecordingRestart();
        world.with(SystemRestart.class, restart);
        assertTrue(world.reset(dir, withReboot).rebooting());
        assertEquals(1, restart.restarts.size());
    }

    @Test
    void resetReplacesCurrentWithAFreshChildAndNeverTouchesTheParent() throws Exception {
        String parentBefore = LayoutFixture.sha256(layout.parent);
        String recoveryBefore = LayoutFixture.sha256(layout.recovery);
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER));

        ResetOperation.Result result = reset(true, false, false);

        assertEquals(layout.current, result.child());
        assertTrue(layout.isFreshChild(layout.current), "Current stores nothing of its own");
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.GOLDEN));
        assertEquals(parentBefore, LayoutFixture.sha256(layout.parent));
        assertEquals(recoveryBefore, LayoutFixture.sha256(layout.recovery));
        assertFalse(Files.exists(dir.resolve(ResetJournal.FILE_NAME)), "journal cleared");
        assertTrue(layout.layout().lastReset().orElseThrow().succeeded());
        assertTrue(Files.readString(dir.resolve(OperationLog.FILE_NAME)).contains("reset    ok"));
    }

    @Test
    void resetRecoveryReplacesTheOtherChild() throws Exception {
        layout.writeUserChanges(layout.recovery);
        world.reset(dir, Role.RECOVERY);
        assertTrue(layout.isFreshChild(layout.recovery));
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER),
                "Current is untouched");
    }

    @Test
    void withoutYesItAsksAndANoChangesNothing() throws Exception {
        world.reporter.answer = false;
        OperationException e = assertThrows(OperationException.class, () -> reset(false, false, false));
        assertEquals(OperationException.Kind.DECLINED, e.kind());
        assertTrue(world.reporter.questions.get(0).startsWith("Replace Gold-Current.vhdx"), world.reporter.questions.toString());
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER));
        assertTrue(layout.layout().lastReset().isEmpty(), "a declined reset records no outcome");
    }

    @Test
    void withoutYesAYesGoesAhead() throws Exception {
        world.reporter.answer = true;
        reset(false, false, false);
        assertEquals(1, world.reporter.questions.size());
        assertTrue(layout.isFreshChild(layout.current));
    }

    @Test
    void refusesToDeleteTheDiskTheRunningSystemBootedFrom() throws Exception {
        world.platform.runningRole = "current";
        assertTrue(refused(OperationException.Kind.PRECONDITION).getMessage().contains("reset refused: running from Current"));
    }

    @Test
    void refusesWhileTheTargetIsInUse() throws Exception {
        world.platform.inUse.add(layout.current.toAbsolutePath().normalize());
        assertTrue(refused(OperationException.Kind.PRECONDITION).getMessage().contains("in use"));
    }

    @Test
    void refusesWhenTheParentWasModifiedAfterInit() throws Exception {
        layout.parent.toFile().setWritable(true);
        try (Chain disk = new DiskImages().allowingParentWrites().open(layout.parent, true)) {
            disk.write(0, ByteBuffer.wrap("tampered".getBytes(StandardCharsets.US_ASCII)));
        }
        OperationException e = refused(OperationException.Kind.PARENT);
        assertTrue(e.getMessage().contains("was modified"), e.getMessage());
        // init alone refuses to drop the children, so the advice names remove first.
        assertTrue(e.getMessage().endsWith("restore the parent, or adopt it as it is now (the children's contents are"
                + " lost): `vhdboot remove --delete-children`, then `vhdboot init`"), e.getMessage());
    }

    @Test
    void refusesWhenTheParentIsMissing() throws Exception {
        Files.move(layout.parent, dir.resolve("elsewhere.vhdx"));
        assertEquals("the parent Gold.vhdx is missing", refused(OperationException.Kind.PARENT).getMessage());
    }

    @Test
    void keepOldKeepsThePreviousChildWithItsData() throws Exception {
        ResetOperation.Result result = reset(true, false, true);
        Path kept;
        try (Stream<Path> files = Files.list(dir)) {
            kept = files.filter(p -> p.getFileName().toString().matches("Gold-Current\\.\\d{8}-\\d{6}\\.vhdx"))
                    .findFirst().orElseThrow();
        }
        assertEquals(Optional.of(kept), result.keptOld());
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(kept, 32), LayoutFixture.USER));
        assertTrue(layout.isFreshChild(layout.current));
    }

    @Test
    void aDryRunPlansTheStepsAndChangesNothing() throws Exception {
        FolderSnapshot before = FolderSnapshot.of(dir);
        ResetOperation.Result result = reset(false, true, false);
        assertTrue(result.dryRun());
        assertTrue(result.plan().contains("create Gold-Current.vhdboot-tmp.vhdx as an empty child of Gold.vhdx with"
                + " the java engine, and flush it"), result.plan().toString());
        assertEquals(java.util.List.of(), before.changesTo(FolderSnapshot.of(dir)));
        assertEquals(java.util.List.of(), world.reporter.questions, "a dry run asks nothing");
    }

    @Test
    void refusesWhenNotElevated() throws Exception {
        world.platform.elevated = false;
        assertTrue(refused(OperationException.Kind.NOT_ELEVATED).getMessage().contains("administrator"));
    }

    @Test
    void shortFreeSpaceWarnsByDefaultAndRefusesWhenTheIniSaysSo() throws Exception {
        world.platform.freeBytes = 1 << 20;
        long oldCurrent = Files.size(layout.current);
        reset(true, false, false);
        // The old Current's file is deleted after the check: its room is told apart, as df shows the volume now.
        assertTrue(world.reporter.warnings.contains("the host volume has 1 MiB free (" + (1 + oldCurrent / (1 << 20))
                + " MiB once the old Gold-Current.vhdx is deleted), but native boot expands Gold-Current.vhdx to its"
                + " full 32 MiB unless the image sets VirtualDiskExpandOnMount=4"), world.reporter.warnings.toString());

        world.snapshot(dir, "s1");
        Path ini = dir.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replaceAll("free_space\\s*=\\s*warn", "free_space = refuse"));
        layout.writeUserChanges(layout.current);
        assertTrue(refused(OperationException.Kind.PRECONDITION).getMessage().contains("free_space = refuse"));
        // A revert is refused as what the user ran, not as a reset.
        OperationException revert = assertThrows(OperationException.class, () -> world.revert(dir, "s1", true));
        assertTrue(revert.getMessage().startsWith("snapshot revert refused: ") && revert.getMessage()
                .contains("free_space = refuse"), revert.getMessage());
    }

    @Test
    void statusWarnsWhenTheVolumeCouldNotHoldAChildExpandedToFullSize() throws Exception {
        world.platform.freeBytes = 1 << 20;
        StatusOperation.Report status = world.status(dir);
        assertTrue(status.healthy(), status.problems().toString());
        assertTrue(status.warnings().contains("free space is short: 1 MiB free, but native boot may expand a child"
                + " to 32 MiB (unless VirtualDiskExpandOnMount=4)"), status.warnings().toString());
    }
}
