package org.vhdboot.disk;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.testing.DiskReads;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** After a merge the parent reads exactly as the child did; the child's siblings no longer link to it. */
class ImageMergerTest {
    private static final int SIZE = 12 << 20;

    @TempDir
    Path dir;

    private static void write(DiskImages images, Path image, long offset, byte[] data) throws Exception {
        try (Chain chain = images.open(image, true)) {
            chain.write(offset, ByteBuffer.wrap(data));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void theParentReadsAsTheChildDid(String extension) throws Exception {
        DiskImages images = new DiskImages();
        Random random = new Random(7);
        Path parent = dir.resolve("p." + extension);
        images.create(parent, ImageSpec.dynamic(SIZE).withBlockSize(extension.equals("vhd") ? 512 << 10 : 1 << 20));
        byte[] base = new byte[SIZE];
        random.nextBytes(base);
        write(images, parent, 0, base);

        Path child = dir.resolve("c." + extension);
        images.createChild(child, parent);
        Path sibling = dir.resolve("s." + extension);
        images.createChild(sibling, parent);
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[1 + random.nextInt(70_000)];
            random.nextBytes(data);
            write(images, child, random.nextInt(SIZE - data.length), data);
        }
        byte[] expected = DiskReads.readAll(images, child);

        new JavaDiskEngine(images).mergeIntoParent(child);

        assertArrayEquals(expected, DiskReads.readAll(images, parent));
        if (extension.equals("vhdx")) {
            // The parent's DataWriteGuid changed, as it must: the sibling was made against the old parent.
            assertThrows(ParentLinkException.class, () -> images.open(sibling, false).close());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhdx"})
    void anImageWithoutAParentCannotBeMerged(String extension) throws Exception {
        DiskImages images = new DiskImages();
        Path base = dir.resolve("b." + extension);
        images.create(base, ImageSpec.dynamic(SIZE));
        NoParentException e = assertThrows(NoParentException.class, () -> new JavaDiskEngine(images).mergeIntoParent(base));
        assertEquals("b." + extension + " has no parent to merge into", e.getMessage());
    }
}
