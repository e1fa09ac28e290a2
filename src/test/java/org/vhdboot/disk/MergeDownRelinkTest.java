package org.vhdboot.disk;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.LayerTree;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting a middle layer of a tree, as {@code snapshot delete} does: each child takes the layer's sectors it does
 * not define ({@link ImageMerger#mergeDown}), then links to the layer's parent ({@link ParentRelink}). Every layer
 * reads as its model throughout, the child keeps the identity its own children link to, and nothing else is written.
 */
class MergeDownRelinkTest {
    private static final long SIZE = LayerTree.SIZE;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    /** base ← middle ← {child ← grandchild, sibling}, each written in scattered 4 KiB pages. */
    private LayerTree tree(String format) throws Exception {
        LayerTree tree = new LayerTree(images, dir, format);
        tree.base("base", WritePlan.wholePages(1, SIZE, 12));
        tree.child("middle", "base", WritePlan.wholePages(2, SIZE, 12));
        tree.child("child", "middle", WritePlan.wholePages(3, SIZE, 6));
        tree.child("grandchild", "child", WritePlan.wholePages(4, SIZE, 6));
        tree.child("sibling", "middle", WritePlan.wholePages(5, SIZE, 6));
        return tree;
    }

    private UUID linkId(Path image) throws Exception {
        try (Layer layer = images.openLayer(image, false, Durability.SAFE)) {
            return layer.linkId().orElseThrow();
        }
    }

    private int depth(Path image) throws Exception {
        try (Chain chain = images.open(image, false)) {
            return chain.depth();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx", "vhdx-4k"})
    void aMiddleLayerMergedIntoItsChildrenAndRelinkedAwayCanBeDeleted(String format) throws Exception {
        LayerTree tree = tree(format);
        FileDigests untouched = FileDigests.of(tree.path("base"), tree.path("middle"));
        UUID childId = linkId(tree.path("child"));
        FileTime childTime = Files.getLastModifiedTime(tree.path("child"));

        ImageMerger merger = new ImageMerger(images);
        ParentRelink relink = new ParentRelink(images);
        for (String child : List.of("child", "sibling")) {
            long merged = merger.mergeDown(tree.path(child), tree.path("middle"), ProgressListener.NONE);
            assertTrue(merged > 0, child + " took the middle layer's sectors");
            tree.assertReads(child);
            relink.relink(tree.path(child), tree.path("base"), ChildSpec.DEFAULTS);
            tree.assertReads(child);
            assertEquals(1, depth(tree.path(child)), child + " stands on the base now");
        }
        assertEquals(childId, linkId(tree.path("child")), "the child keeps the id its own child links to");
        assertEquals(childTime, Files.getLastModifiedTime(tree.path("child")), "and a VHD's modification time");
        untouched.assertUnchanged();

        Files.delete(tree.path("middle"));
        for (String layer : List.of("child", "grandchild", "sibling")) {
            tree.assertReads(layer);
        }
        assertEquals(2, depth(tree.path("grandchild")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void aRerunOfAMergeWritesNothingNew(String format) throws Exception {
        LayerTree tree = tree(format);
        ImageMerger merger = new ImageMerger(images);
        merger.mergeDown(tree.path("child"), tree.path("middle"), ProgressListener.NONE);
        long size = Files.size(tree.path("child"));
        assertEquals(0, merger.mergeDown(tree.path("child"), tree.path("middle"), ProgressListener.NONE),
                "every sector is the child's now");
        assertEquals(size, Files.size(tree.path("child")));
        tree.assertReads("grandchild");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void aMergeTellsItsProgressInOrderUpToTheVirtualSize(String format) throws Exception {
        LayerTree tree = tree(format);
        List<long[]> told = new ArrayList<>();
        long merged = new ImageMerger(images).mergeDown(tree.path("child"), tree.path("middle"),
                (done, total) -> told.add(new long[] {done, total}));
        assertTrue(merged > 0);
        assertTrue(told.size() > 2, "told along the way, not only at the end: " + told.size());
        for (int i = 0; i < told.size(); i++) {
            assertEquals(SIZE, told.get(i)[1]);
            assertTrue(told.get(i)[0] > 0 && told.get(i)[0] <= SIZE);
            assertTrue(i == 0 || told.get(i)[0] >= told.get(i - 1)[0], "never backwards");
        }
        assertEquals(SIZE, told.get(told.size() - 1)[0], "ends at the whole disk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void aMergeFromAnotherParentAndImpossibleRelinksAreRefused(String format) throws Exception {
        LayerTree tree = tree(format);
        FileDigests all = FileDigests.of(tree.path("base"), tree.path("middle"), tree.path("child"));
        ImageMerger merger = new ImageMerger(images);
        assertThrows(ParentLinkException.class,
                () -> merger.mergeDown(tree.path("child"), tree.path("base"), ProgressListener.NONE));
        ParentRelink relink = new ParentRelink(images);
        assertThrows(ParentLinkException.class, () -> relink.relink(tree.path("middle"), tree.path("grandchild"),
                ChildSpec.DEFAULTS), "a layer cannot stand on its own descendant");
        assertThrows(UnsupportedFormatException.class, () -> relink.relink(tree.path("base"), tree.path("middle"),
                ChildSpec.DEFAULTS), "the base has no parent link to change");
        all.assertUnchanged();
    }

    /** What {@code snapshot list} shows and {@code snapshot delete} plans for: the blocks a layer stores. */
    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx", "vhdx-4k"})
    void aLayerStoresTheBlocksWrittenTo(String format) throws Exception {
        LayerTree tree = new LayerTree(images, dir, format);
        tree.base("base", List.of());
        List<DiskWrite> writes = WritePlan.wholePages(9, SIZE, 10);
        tree.child("child", "base", List.of());
        try (Layer fresh = images.openLayer(tree.path("child"), false, Durability.SAFE)) {
            assertEquals(0, fresh.storedBytes());
        }
        tree.write("child", writes);
        try (Layer child = images.openLayer(tree.path("child"), false, Durability.SAFE)) {
            BitSet blocks = new BitSet();
            for (DiskWrite write : writes) {
                blocks.set((int) (write.offset() / child.blockSize()), (int) ((write.end() - 1) / child.blockSize()) + 1);
            }
            assertEquals(blocks.cardinality() * child.blockSize(), child.storedBytes());
        }
    }
}
