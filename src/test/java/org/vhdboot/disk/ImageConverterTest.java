package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageConverterTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 24 * MIB;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();
    private final ImageConverter converter = new ImageConverter(images);

    private ChainFiles vhdChain() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.unaligned(1, SIZE, 10));
        files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.unaligned(2, SIZE, 10));
        return files;
    }

    private long allocated(Path image) throws Exception {
        try (Chain chain = images.open(image, false)) {
            return chain.top().info().allocatedBytes();
        }
    }

    @Test
    void aChainBecomesOneFlatImageWithTheSameContent() throws Exception {
        ChainFiles files = vhdChain();
        FileDigests sources = FileDigests.of(files.layers().toArray(Path[]::new));
        for (String target : new String[] {"flat.vhdx", "flat.vhd", "flat.raw"}) {
            converter.convert(files.top(), dir.resolve(target), DiskType.DYNAMIC, ProgressListener.NONE);
            assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, dir.resolve(target)), target);
            try (Chain chain = images.open(dir.resolve(target), false)) {
                assertEquals(0, chain.depth());
            }
        }
        sources.assertUnchanged();
    }

    @Test
    void zeroBlocksStayUnallocatedEvenWhereAChildZeroedItsParent() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(MIB));
        files.write(List.of(DiskWrite.pattern(0, (int) (8 * MIB), 3)));
        files.addChild(ChildSpec.DEFAULTS);
        files.write(List.of(new DiskWrite(4 * MIB, new byte[(int) (4 * MIB)])));
        Path target = dir.resolve("flat.vhd");
        converter.convert(files.top(), target, DiskType.DYNAMIC, ProgressListener.NONE);
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, target));
        assertEquals(4 * MIB, allocated(target), "only the two 2 MiB blocks with data are allocated");
    }

    @Test
    void fixedTargetsHoldTheWholeDisk() throws Exception {
        ChainFiles files = vhdChain();
        Path target = dir.resolve("fixed.vhdx");
        converter.convert(files.top(), target, DiskType.FIXED, ProgressListener.NONE);
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, target));
        try (Chain chain = images.open(target, false)) {
            assertEquals(DiskType.FIXED, chain.top().type());
        }
    }

    @Test
    void rawImagesConvertBothWays() throws Exception {
        Path raw = dir.resolve("disk.raw");
        byte[] content = PatternBytes.of(5, (int) (4 * MIB));
        Files.write(raw, content);
        converter.convert(raw, dir.resolve("disk.vhd"), DiskType.DYNAMIC, ProgressListener.NONE);
        converter.convert(dir.resolve("disk.vhd"), dir.resolve("back.img"), DiskType.FIXED, ProgressListener.NONE);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("back.img")));
    }

    @Test
    void progressReachesTheWholeDisk() throws Exception {
        ChainFiles files = vhdChain();
        long[] last = new long[2];
        converter.convert(files.top(), dir.resolve("p.vhdx"), DiskType.DYNAMIC, (done, total) -> {
            assertTrue(done >= last[0], "progress never goes back");
            last[0] = done;
            last[1] = total;
        });
        assertEquals(SIZE, last[0]);
        assertEquals(SIZE, last[1]);
    }

    @Test
    void fourKibibyteSectorsCannotBecomeAVhd() throws Exception {
        Path source = dir.resolve("4k.vhdx");
        images.create(source, ImageSpec.dynamic(8 * MIB).withSectorSizes(4096, 4096));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> converter.convert(source,
                dir.resolve("4k.vhd"), DiskType.DYNAMIC, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("only 512-byte sectors"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("4k.vhd")));
    }

    @Test
    void anExistingTargetIsRefusedAndKept() throws Exception {
        ChainFiles files = vhdChain();
        Path target = dir.resolve("t.vhdx");
        images.create(target, ImageSpec.dynamic(SIZE));
        FileDigests before = FileDigests.of(target);
        assertThrows(FileAlreadyExistsException.class,
                () -> converter.convert(files.top(), target, DiskType.DYNAMIC, ProgressListener.NONE));
        before.assertUnchanged();
    }

    @Test
    void aFileCannotBeConvertedOntoItself() throws Exception {
        ChainFiles files = vhdChain();
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> converter.convert(files.top(), files.top(), DiskType.DYNAMIC, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("same file"), e.getMessage());
    }
}
