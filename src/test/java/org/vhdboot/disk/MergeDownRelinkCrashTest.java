package org.vhdboot.disk;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.LayerTree;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.disk.testing.WritePlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stops the removal of a middle layer (merge down into its child, then relink the child to the base) before each
 * of its I/O steps in turn, as a crash would. After every stop the child and its own child read exactly as before,
 * through the old link or the new one (a VHDX log the stop left is replayed by the reader), the base and the middle
 * layer are byte for byte unchanged, and a rerun finishes the job so the middle layer can go.
 */
class MergeDownRelinkCrashTest {
    @TempDir
    Path dir;

    private final ParentPaths paths = ParentPaths.forThisSystem();

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void aMergeAndRelinkStoppedAtAnyStepReadsTheSameAndARerunFinishesIt(String format) throws Exception {
        DiskImages plain = new DiskImages();
        LayerTree template = new LayerTree(plain, Files.createDirectory(dir.resolve("template")), format);
        // Few writes, so few steps: one block the child shares with the middle layer, one it lacks, a zero run.
        template.base("base", WritePlan.wholePages(1, LayerTree.SIZE, 4));
        template.child("middle", "base", List.of(DiskWrite.pattern(0, 12288, 2), DiskWrite.pattern(5 << 20, 4096, 3),
                new DiskWrite(7 << 20, new byte[8192])));
        template.child("child", "middle", List.of(DiskWrite.pattern(4096, 4096, 4)));
        template.child("grandchild", "child", List.of(DiskWrite.pattern(8192, 4096, 5)));
        FileTime childTime = Files.getLastModifiedTime(template.path("child"));

        int completedAt = -1;
        FolderCopy files = FolderCopy.of(template.folder());
        for (int allowed = 0; allowed < 400 && completedAt < 0; allowed++) {
            LayerTree run = template.copyTo(dir.resolve("run" + allowed), plain, files);
            FileDigests untouched = FileDigests.of(run.path("base"), run.path("middle"));
            CrashAfterSteps crash = new CrashAfterSteps(allowed);
            DiskImages hooked = new DiskImages(new StorageFactory(crash), Clock.systemUTC(), paths);
            try {
                removeMiddle(hooked, run);
                completedAt = allowed;
            } catch (SimulatedCrash stopped) {
                // The power went out here.
            }
            untouched.assertUnchanged();
            for (String layer : new String[] {"child", "grandchild"}) {
                DiskReads.assertSameBytes(run.model(layer).bytes(), DiskReads.readAll(plain, run.path(layer)),
                        layer + " after a stop at " + crash.crashedAt());
            }

            removeMiddle(plain, run);
            // The journal of `snapshot delete` keeps the time a stop may have left changed, as this does.
            Files.setLastModifiedTime(run.path("child"), childTime);
            Files.delete(run.path("middle"));
            run.assertReads("child");
            run.assertReads("grandchild");
        }
        assertTrue(completedAt > 20, "merge and relink take many steps; done after " + completedAt);
    }

    /** What `snapshot delete` does for one child: finish a relink, merge while still on the middle, relink. */
    private void removeMiddle(DiskImages images, LayerTree tree) throws IOException {
        Path child = tree.path("child");
        ParentRelink relink = new ParentRelink(images);
        relink.finishInterrupted(child, tree.path("base"));
        if (standsOn(images, child, tree.path("middle"))) {
            new ImageMerger(images).mergeDown(child, tree.path("middle"), ProgressListener.NONE);
            relink.relink(child, tree.path("base"), ChildSpec.DEFAULTS);
        }
    }

    private static boolean standsOn(DiskImages images, Path child, Path parent) throws IOException {
        try (Layer layer = images.openLayer(child, false, Durability.SAFE)) {
            Optional<Path> resolved = layer.parentLink().flatMap(link -> link.resolve(child.getParent()));
            return resolved.isPresent() && Files.isSameFile(resolved.get(), parent);
        }
    }
}
