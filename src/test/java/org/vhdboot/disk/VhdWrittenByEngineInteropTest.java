package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.LibvhdiReader;
import org.vhdboot.disk.testing.QemuImg;
import org.vhdboot.disk.testing.SevenZipReader;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** VHDs the engine writes, read back by qemu-img, libvhdi and 7-Zip: every byte must match the model. */
class VhdWrittenByEngineInteropTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 24 * MIB;

    @TempDir
    Path dir;

    private ChainFiles chain() {
        return new ChainFiles(new DiskImages(), dir, "vhd");
    }

    private void assertEveryToolReads(byte[] expected, Path image) throws Exception {
        assertArrayEquals(expected, new QemuImg(dir).readVhd(image), "qemu-img");
        assertArrayEquals(expected, new LibvhdiReader(dir).read(image), "libvhdi");
        assertArrayEquals(expected, new SevenZipReader(dir).read(image), "7-Zip");
    }

    @Test
    void fixedVhdReadsTheSameInEveryTool() throws Exception {
        ChainFiles files = chain();
        Path image = files.createBase(ImageSpec.fixed(SIZE));
        files.write(WritePlan.unaligned(1, SIZE, 12));
        assertEveryToolReads(files.model().bytes(), image);
    }

    @Test
    void dynamicVhdReadsTheSameInEveryTool() throws Exception {
        ChainFiles files = chain();
        Path image = files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.unaligned(2, SIZE, 16));
        assertEveryToolReads(files.model().bytes(), image);
    }

    @Test
    void dynamicVhdWithSmallBlocksReadsTheSameInEveryTool() throws Exception {
        ChainFiles files = chain();
        Path image = files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(512 << 10));
        files.write(WritePlan.unaligned(3, SIZE, 16));
        assertEveryToolReads(files.model().bytes(), image);
    }

    @Test
    void differencingVhdWithPartialBlockWritesReadsTheSameIn7Zip() throws Exception {
        ChainFiles files = chain();
        files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.unaligned(4, SIZE, 16));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.unaligned(5, SIZE, 16));
        assertArrayEquals(files.model().bytes(), new SevenZipReader(dir).read(child));
    }

    @Test
    void differencingVhdWrittenInWholePagesReadsTheSameInLibvhdi() throws Exception {
        ChainFiles files = chain();
        Path base = files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.unaligned(6, SIZE, 16));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.wholePages(7, SIZE, 24));
        assertArrayEquals(files.model().bytes(), new LibvhdiReader(dir).read(base, child));
    }

    @Test
    void threeDeepChainReadsTheSameIn7Zip() throws Exception {
        ChainFiles files = chain();
        files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(512 << 10));
        files.write(WritePlan.unaligned(8, SIZE, 12));
        for (int level = 1; level <= 3; level++) {
            files.addChild(ChildSpec.DEFAULTS);
            files.write(WritePlan.unaligned(8 + level, SIZE, 12));
        }
        assertArrayEquals(files.model().bytes(), new SevenZipReader(dir).read(files.top()));
    }

    @Test
    void threeDeepChainWrittenInWholePagesReadsTheSameInLibvhdi() throws Exception {
        ChainFiles files = chain();
        files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.unaligned(12, SIZE, 12));
        for (int level = 1; level <= 3; level++) {
            files.addChild(ChildSpec.DEFAULTS);
            files.write(WritePlan.wholePages(12 + level, SIZE, 16));
        }
        assertArrayEquals(files.model().bytes(), new LibvhdiReader(dir).read(files.layers().toArray(Path[]::new)));
    }

    @Test
    void aChildsEmptyPagesReadThroughToTheParentInEveryChainReader() throws Exception {
        ChainFiles files = chain();
        Path base = files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.wholePages(16, SIZE, 30));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        byte[] expected = files.model().bytes();
        assertArrayEquals(expected, new SevenZipReader(dir).read(child), "7-Zip");
        assertArrayEquals(expected, new LibvhdiReader(dir).read(base, child), "libvhdi");
    }
}
