package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileDigests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    private ChainFiles twoLayers(String extension) throws Exception {
        ChainFiles files = new ChainFiles(images, dir, extension);
        files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(List.of(DiskWrite.pattern(0, (int) (8 * MIB), 1)));
        files.addChild(ChildSpec.DEFAULTS);
        return files;
    }

    @Test
    void theUnstoredRunFromAnOffsetEndsAtTheFirstByteAnyLayerStores() throws Exception {
        for (String extension : new String[] {"vhd", "vhdx"}) {
            ChainFiles files = new ChainFiles(images, dir.resolve(extension), extension);
            java.nio.file.Files.createDirectories(dir.resolve(extension));
            files.createBase(ImageSpec.dynamic(64 * MIB).withBlockSize(2 * MIB));
            // A base image stores its written blocks whole; a child stores exactly the sectors written.
            files.write(List.of(DiskWrite.pattern(40 * MIB + 4096, 10, 1)));
            files.addChild(ChildSpec.DEFAULTS);
            files.write(List.of(DiskWrite.pattern(20 * MIB + 512, 10, 2)));
            try (Chain chain = images.open(files.top(), false)) {
                assertEquals(20 * MIB + 512, chain.unstoredLength(0, 64 * MIB), extension + ": the child's sector");
                assertEquals(0, chain.unstoredLength(20 * MIB + 512, 64 * MIB - (20 * MIB + 512)));
                assertEquals(20 * MIB - 1024, chain.unstoredLength(20 * MIB + 1024, 44 * MIB - 1024),
                        extension + ": up to the parent's block");
                assertEquals(22 * MIB, chain.unstoredLength(42 * MIB, 22 * MIB), extension + ": to the end");
                assertEquals(MIB, chain.unstoredLength(42 * MIB, MIB), extension + ": at most what was asked");
                assertTrue(chain.storesNothing(0, 20 * MIB));
                assertTrue(!chain.storesNothing(0, 21 * MIB));
            }
        }
    }

    @Test
    void describesItsLayersTopFirst() throws Exception {
        ChainFiles files = twoLayers("vhdx");
        try (Chain chain = images.open(files.top(), false)) {
            assertEquals(1, chain.depth());
            assertEquals(files.top(), chain.top().path());
            assertEquals(files.layers().get(0).toRealPath(), chain.base().path().toRealPath());
            assertEquals(8 * MIB, chain.size());
            assertEquals(512, chain.logicalSectorSize());
        }
    }

    @Test
    void aReadOnlyChainRefusesWritesAndChangesNothing() throws Exception {
        ChainFiles files = twoLayers("vhd");
        FileDigests before = FileDigests.of(files.layers().toArray(Path[]::new));
        try (Chain chain = images.open(files.top(), false)) {
            IOException e = assertThrows(IOException.class, () -> chain.write(0, ByteBuffer.wrap(new byte[1])));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            chain.flush();
        }
        before.assertUnchanged();
    }

    @Test
    void rangesOutsideTheDiskAreRefused() throws Exception {
        ChainFiles files = twoLayers("vhdx");
        try (Chain chain = images.open(files.top(), true)) {
            assertThrows(IOException.class, () -> chain.read(8 * MIB - 1, ByteBuffer.allocate(2)));
            assertThrows(IOException.class, () -> chain.read(-1, ByteBuffer.allocate(1)));
            assertThrows(IOException.class, () -> chain.write(8 * MIB, ByteBuffer.allocate(1)));
            chain.write(8 * MIB - 1, ByteBuffer.wrap(new byte[] {9}));
            assertEquals(9, DiskReads.read(chain, 8 * MIB - 1, 1)[0]);
        }
    }

    @Test
    void aPartialSectorWriteKeepsTheRestOfTheSectorFromTheParent() throws Exception {
        ChainFiles files = twoLayers("vhd");
        files.write(List.of(new DiskWrite(1000, new byte[] {0, 0, 0})));
        try (Chain chain = images.open(files.top(), false)) {
            assertArrayEquals(files.model().read(512, 1024), DiskReads.read(chain, 512, 1024));
        }
    }

    @Test
    void aRawDiskThatEndsInsideASectorIsReadAndWrittenToItsLastByte() throws Exception {
        Path raw = java.nio.file.Files.write(dir.resolve("odd.raw"), org.vhdboot.disk.testing.PatternBytes.of(3, 1000));
        byte[] expected = java.nio.file.Files.readAllBytes(raw);
        try (Chain chain = images.open(raw, true)) {
            chain.write(995, ByteBuffer.wrap(new byte[] {7, 7, 7, 7, 7}));
            java.util.Arrays.fill(expected, 995, 1000, (byte) 7);
            assertArrayEquals(expected, DiskReads.read(chain, 0, 1000));
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, 700, 1000), DiskReads.read(chain, 700, 300));
            assertEquals(0, chain.unstoredLength(512, 488));
        }
        assertArrayEquals(expected, java.nio.file.Files.readAllBytes(raw));
    }

    @Test
    void anEmptyWriteDoesNothing() throws Exception {
        ChainFiles files = twoLayers("vhdx");
        FileDigests before = FileDigests.of(files.layers().toArray(Path[]::new));
        try (Chain chain = images.open(files.top(), true)) {
            chain.write(4096, ByteBuffer.allocate(0));
        }
        before.assertUnchanged();
    }
}
