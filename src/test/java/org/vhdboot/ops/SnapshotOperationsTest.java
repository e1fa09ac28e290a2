package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.ProgressListener;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.LibvhdiReader;
import org.vhdboot.disk.testing.SevenZipReader;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restore points on real files, in process: every read of Current and of every snapshot is compared with a byte model
 * of the tree through create, revert, delete (a leaf, a middle snapshot with one child, with two children) and reset,
 * in VHD, VHDX and 4K-sector VHDX; the parent is never written, and status and the list agree with the images.
 */
class SnapshotOperationsTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    private void check(SnapshotFixture layout, String base, int depth) throws Exception {
        layout.assertEverythingReadsAsModelled();
        assertEquals(depth, layout.depthOf(layout.current), "Current's chain");
        StatusOperation.Report status = world.status(dir);
        assertTrue(status.healthy(), status.problems().toString());
        assertEquals(base, status.base());
        assertEquals(depth, status.currentDepth());
        SnapshotListOperation.Report list = world.snapshots(dir);
        assertEquals(List.of(), list.problems());
        assertEquals(base, list.base());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx", "vhdx-4k"})
    void everyReadMatchesTheModelThroughCreateRevertDeleteAndReset(String format) throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, format, world);
        layout.userWrites();
        layout.takeSnapshot(world, "s1");
        check(layout, "snapshot:s1", 2);
        layout.userWrites();
        layout.takeSnapshot(world, "s2");
        check(layout, "snapshot:s2", 3);

        layout.userWrites();
        world.revert(dir, "s1", false);
        layout.currentIs("s1");
        check(layout, "snapshot:s1", 2);
        layout.userWrites();
        layout.takeSnapshot(world, "s3");
        layout.userWrites();

        assertEquals("Delete snapshot s1? Its state can no longer be restored; snapshot:s2 and snapshot:s3 keep reading"
                + " as they do.", askedBeforeDeleting("s1"));
        assertEquals("Delete snapshot s3? Its state can no longer be restored; Current keeps reading as it does.",
                askedBeforeDeleting("s3"));
        List<long[]> told = new ArrayList<>();
        SnapshotDeleteOperation.Result twoChildren = world.deleteSnapshot(dir, "s1",
                (done, total) -> told.add(new long[] {done, total}));
        layout.snapshotDeleted("s1");
        assertEquals(List.of("snapshot:s2", "snapshot:s3"), twoChildren.children());
        assertTrue(twoChildren.bytesMerged() > 0);
        assertMergesToldAsOne(told);
        check(layout, "snapshot:s3", 2);

        SnapshotDeleteOperation.Result currentOnly = world.deleteSnapshot(dir, "s3");
        layout.snapshotDeleted("s3");
        assertEquals(List.of("current"), currentOnly.children());
        check(layout, "version:base", 1);

        layout.takeSnapshot(world, "s4");
        layout.userWrites();
        layout.takeSnapshot(world, "s5");
        layout.userWrites();
        SnapshotDeleteOperation.Result oneSnapshot = world.deleteSnapshot(dir, "s4");
        layout.snapshotDeleted("s4");
        assertEquals(List.of("snapshot:s5"), oneSnapshot.children());
        check(layout, "snapshot:s5", 2);

        SnapshotDeleteOperation.Result leaf = world.deleteSnapshot(dir, "s2");
        layout.snapshotDeleted("s2");
        assertEquals(List.of(), leaf.children());
        assertEquals(0, leaf.bytesMerged());
        check(layout, "snapshot:s5", 2);

        world.reset(dir, Role.CURRENT);
        layout.currentIs("s5");
        check(layout, "snapshot:s5", 2);

        layout.userWrites();
        world.reset(dir, new ResetOperation.Options(Role.CURRENT, true, false, false, false, true, Optional.empty()));
        layout.currentIsTheParent();
        check(layout, "version:base", 1);

        layout.userWrites();
        DiskModel before = layout.currentModel();
        ResetOperation.Result kept = world.revert(dir, "s5", true);
        layout.keptAs(kept.keptAs().orElseThrow(), before);
        layout.currentIs("s5");
        check(layout, "snapshot:s5", 2);
        assertEquals(Optional.of(ImageRef.BASE_VERSION), LayoutFile.load(dir.resolve(Layout.INI_NAME)).tree()
                .get(ImageRef.snapshot(kept.keptAs().get())).parent(), "the kept Current stands on its old base");
    }

    /** Two children's merges make one progress: never backwards, the first ends halfway, the second at the end. */
    private static void assertMergesToldAsOne(List<long[]> told) {
        long total = told.get(0)[1];
        for (int i = 0; i < told.size(); i++) {
            assertEquals(total, told.get(i)[1]);
            assertTrue(i == 0 || told.get(i)[0] >= told.get(i - 1)[0], "never backwards");
        }
        assertTrue(told.stream().anyMatch(t -> t[0] == total / 2), "the first child's merge ends halfway");
        assertEquals(total, told.get(told.size() - 1)[0]);
    }

    /**
     * A revert refused for a mistyped name is a failed snapshot command (event 1013), not a failed reset: the last
     * reset, which a lab's health check reads, stays as it was. A name no snapshot could have is a usage error.
     */
    @Test
    void aRefusedRevertLeavesTheLastResetAndLogsASnapshotFailure() throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, "vhdx", world);
        layout.userWrites();
        layout.takeSnapshot(world, "s1");
        world.reset(dir, Role.CURRENT);
        layout.currentIs("s1");
        Layout.LastReset before = world.status(dir).lastReset();
        assertTrue(before.succeeded());

        OperationException typo = org.junit.jupiter.api.Assertions.assertThrows(OperationException.class,
                () -> world.revert(dir, "s2", false));
        assertEquals(OperationException.Kind.PRECONDITION, typo.kind());
        OperationException badName = org.junit.jupiter.api.Assertions.assertThrows(OperationException.class,
                () -> world.revert(dir, "bad name", false));
        assertEquals(OperationException.Kind.USAGE, badName.kind(), badName.getMessage());

        assertEquals(before, world.status(dir).lastReset());
        List<String> log = java.nio.file.Files.readAllLines(dir.resolve("vhdboot.log"));
        String last = log.get(log.size() - 1);
        assertTrue(last.contains("[1013]") && last.contains("snapshot revert s2: there is no snapshot s2"), last);
        layout.assertEverythingReadsAsModelled();
    }

    /** A snapshot refused for a parent that is gone says so, not that Current's link disagrees with the ini. */
    @Test
    void aSnapshotWithoutItsParentIsRefusedForTheParent() throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, "vhdx", world);
        java.nio.file.Files.move(layout.parent, dir.resolve("elsewhere.vhdx"));
        OperationException refused = assertThrows(OperationException.class, () -> world.snapshot(dir, "s1"));
        assertEquals(OperationException.Kind.PARENT, refused.kind());
        assertEquals("the parent " + layout.parent.getFileName() + " is missing", refused.getMessage());
    }

    /** A snapshot taken under a higher max_depth can still be gone back to; the revert says the chain is too deep. */
    @Test
    void aRevertPastALoweredMaxDepthWarns() throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, "vhdx", world);
        layout.takeSnapshot(world, "s1");
        layout.takeSnapshot(world, "s2");
        world.revert(dir, "s1", false);
        layout.currentIs("s1");
        Path ini = dir.resolve(Layout.INI_NAME);
        java.nio.file.Files.writeString(ini, java.nio.file.Files.readString(ini).replaceFirst("(?m)^max_depth = .*$",
                "max_depth = 2"));
        world.reporter.warnings.clear();
        world.revert(dir, "s2", false);
        layout.currentIs("s2");
        assertTrue(world.reporter.warnings.contains("Current's chain will be 3 links deep, more than max_depth = 2 in"
                + " vhdboot.ini; deleting a snapshot s2 stands on (`vhdboot snapshot delete`) or flattening versions"
                + " (`vhdboot image flatten`) shortens it"),
                world.reporter.warnings.toString());
        world.reporter.warnings.clear();
        world.reset(dir, Role.CURRENT);
        assertEquals(List.of(), world.reporter.warnings, "the nightly reset onto the same base does not say it again");
        layout.assertEverythingReadsAsModelled();
    }

    /** init run again on a layout with snapshots changes nothing; a missing Current comes back on its base. */
    @Test
    void initAgainKeepsTheTree() throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, "vhdx", world);
        layout.userWrites();
        layout.takeSnapshot(world, "s1");
        assertTrue(world.init(InitOptions.parent(layout.parent).bootStore("none")).changedNothing());
        java.nio.file.Files.delete(layout.current);
        world.init(InitOptions.parent(layout.parent).bootStore("none"));
        layout.currentIs("s1");
        check(layout, "snapshot:s1", 2);
    }

    /** base ← s1 ← {s2 ← Current, s3}, then s1 deleted: what each independent reader sees of the chains. */
    private SnapshotFixture middleDeleted(String format) throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, format, world);
        layout.userWrites();
        layout.takeSnapshot(world, "s1");
        layout.userWrites();
        layout.takeSnapshot(world, "s3");
        world.revert(dir, "s1", false);
        layout.currentIs("s1");
        layout.userWrites();
        layout.takeSnapshot(world, "s2");
        layout.userWrites();
        world.deleteSnapshot(dir, "s1");
        layout.snapshotDeleted("s1");
        layout.assertEverythingReadsAsModelled();
        return layout;
    }

    @Test
    void libvhdiReadsTheVhdxChainsLeftByADeleteAsTheEngineDoes() throws Exception {
        SnapshotFixture layout = middleDeleted("vhdx");
        LibvhdiReader libvhdi = new LibvhdiReader(dir);
        assertArrayEquals(layout.currentModel().bytes(), libvhdi.read(layout.chainOf(layout.current)));
        Path s3 = layout.snapshotPath("s3");
        assertEquals(3, layout.chainOf(layout.current).length);
        assertArrayEquals(readWithEngine(s3), libvhdi.read(layout.chainOf(s3)));
    }

    @Test
    void sevenZipReadsTheVhdChainsLeftByADeleteAsTheEngineDoes() throws Exception {
        SnapshotFixture layout = middleDeleted("vhd");
        SevenZipReader sevenZip = new SevenZipReader(dir);
        assertArrayEquals(layout.currentModel().bytes(), sevenZip.read(layout.current));
        Path s3 = layout.snapshotPath("s3");
        assertArrayEquals(readWithEngine(s3), sevenZip.read(s3));
    }

    private static byte[] readWithEngine(Path image) throws Exception {
        return org.vhdboot.disk.testing.DiskReads.readAll(new org.vhdboot.disk.DiskImages(), image);
    }

    /** The question a delete without --yes asks, declined. */
    private String askedBeforeDeleting(String snapshot) throws Exception {
        world.reporter.questions.clear();
        OperationException declined = assertThrows(OperationException.class,
                () -> new SnapshotDeleteOperation(world.context()).run(LayoutFile.load(dir.resolve(Layout.INI_NAME)),
                        new SnapshotDeleteOperation.Options(snapshot, false, false, ProgressListener.NONE)));
        assertEquals(OperationException.Kind.DECLINED, declined.kind());
        return world.reporter.questions.get(0);
    }
}
