package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.QemuImg;
import org.vhdboot.disk.testing.SevenZipReader;
import org.vhdboot.disk.testing.WritePlan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VHD written in a {@link Durability#BATCHED} session: its footer moves ahead for many blocks at once and back to
 * the end of the last one at the flush, so the result is the very file a safe session writes, which qemu-img and
 * 7-Zip read as the model. The writes here need more than one reservation (32 blocks of 2 MiB), and the last one
 * is cut short. Crash safety is proved in {@code UnflushedWriteLossTest} and {@code MergeDownRelinkCrashTest}.
 */
class VhdBatchedWriteTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 72 * MIB;

    @TempDir
    Path dir;

    /** New blocks in several writes, a flush between them, partial blocks and a block written twice. */
    private static final List<DiskWrite> WRITES = List.of(DiskWrite.pattern(MIB + 4096, (int) (40 * MIB), 1),
            DiskWrite.pattern(3 * MIB, 8192, 2), DiskWrite.pattern(44 * MIB, (int) (26 * MIB) + 512, 3));

    private static void writeAll(Layer layer) throws IOException {
        for (int i = 0; i < WRITES.size(); i++) {
            layer.writeSectors(WRITES.get(i).offset(), ByteBuffer.wrap(WRITES.get(i).data()));
            if (i == 0) {
                layer.flush();
            }
        }
    }

    private static Path writeCopy(Path template, Path copy, Durability durability) throws IOException {
        Files.copy(template, copy);
        DiskImages images = new DiskImages().allowingParentWrites();
        try (Layer layer = images.openLayer(copy, true, durability)) {
            layer.keepLinkId();
            writeAll(layer);
        }
        return copy;
    }

    @Test
    void aBatchedDynamicVhdIsTheFileASafeSessionWritesAndQemuImgReadsIt() throws Exception {
        ChainFiles files = new ChainFiles(new DiskImages(), dir, "vhd");
        Path template = files.createBase(ImageSpec.dynamic(SIZE));
        files.write(List.of(DiskWrite.pattern(0, (int) (2 * MIB), 4)));
        files.write(WRITES);

        Path safe = writeCopy(template, dir.resolve("safe.vhd"), Durability.SAFE);
        Path batched = writeCopy(template, dir.resolve("batched.vhd"), Durability.BATCHED);
        assertEquals(Files.size(safe), Files.size(batched));
        assertArrayEquals(Files.readAllBytes(safe), Files.readAllBytes(batched));
        assertArrayEquals(files.model().bytes(), new QemuImg(dir).readVhd(batched), "qemu-img");
        assertArrayEquals(files.model().bytes(), new SevenZipReader(dir).read(batched), "7-Zip");
    }

    @Test
    void aBatchedDifferencingVhdIsTheFileASafeSessionWrites() throws Exception {
        ChainFiles files = new ChainFiles(new DiskImages(), dir, "vhd");
        files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.wholePages(5, SIZE, 16));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(List.of(DiskWrite.pattern(2 * MIB + 4096, 4096, 6)));

        Path safe = writeCopy(child, dir.resolve("safe.vhd"), Durability.SAFE);
        Path batched = writeCopy(child, dir.resolve("batched.vhd"), Durability.BATCHED);
        assertArrayEquals(Files.readAllBytes(safe), Files.readAllBytes(batched));
    }

    /** The merge of `snapshot delete`, batched, then the relink: 7-Zip reads the child as the model. */
    @Test
    void aMergedAndRelinkedVhdChildReadsTheSameIn7Zip() throws Exception {
        ChainFiles files = new ChainFiles(new DiskImages(), dir, "vhd");
        Path base = files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.wholePages(7, SIZE, 16));
        Path middle = files.addChild(ChildSpec.DEFAULTS);
        files.write(WRITES);
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(List.of(DiskWrite.pattern(2 * MIB + 4096, 8192, 8), DiskWrite.pattern(50 * MIB, 512, 9)));

        DiskImages images = new DiskImages();
        int blocksBefore = allocatedBlocks(images, child);
        new ImageMerger(images).mergeDown(child, middle, ProgressListener.NONE);
        int newBlocks = allocatedBlocks(images, child) - blocksBefore;
        new ParentRelink(images).relink(child, base, ChildSpec.DEFAULTS);
        Files.delete(middle);

        assertTrue(newBlocks > 32, "more than one reservation's blocks: " + newBlocks);
        try (Layer layer = images.openLayer(child, false, Durability.SAFE)) {
            assertEquals(List.of(), layer.check());
        }
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, child), "vhdboot");
        assertArrayEquals(files.model().bytes(), new SevenZipReader(dir).read(child), "7-Zip");
    }

    private static int allocatedBlocks(DiskImages images, Path image) throws IOException {
        try (Layer layer = images.openLayer(image, false, Durability.SAFE)) {
            return (Integer) layer.info().details().get("allocated_blocks");
        }
    }
}
