package org.vhdboot.disk.io;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.PatternBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OverlayStorageTest {
    private static final int BASE_SIZE = 10_000;

    @TempDir
    Path dir;

    private Path file;
    private byte[] expected;

    @BeforeEach
    void createBaseFile() throws Exception {
        file = dir.resolve("base.bin");
        expected = PatternBytes.of(1, BASE_SIZE);
        Files.write(file, expected);
    }

    private OverlayStorage overlay() throws IOException {
        return new OverlayStorage(StorageFactory.files().open(file, false));
    }

    /** Applies a patch to the expected bytes too, growing them when the patch passes their end. */
    private void expectPatch(long position, byte[] bytes) {
        int end = (int) position + bytes.length;
        if (end > expected.length) {
            expected = Arrays.copyOf(expected, end);
        }
        System.arraycopy(bytes, 0, expected, (int) position, bytes.length);
    }

    private void patch(OverlayStorage overlay, long position, byte[] bytes) {
        overlay.patch(position, bytes);
        expectPatch(position, bytes);
    }

    /** Every range of a few sizes at every offset reads like the expected bytes. */
    private void assertReadsLikeExpected(OverlayStorage overlay) throws IOException {
        assertEquals(expected.length, overlay.size());
        for (int length : new int[] {1, 7, 100, 1000}) {
            for (int at = 0; at + length <= expected.length; at += 37) {
                byte[] read = overlay.readBytes(at, length);
                assertArrayEquals(Arrays.copyOfRange(expected, at, at + length), read, length + " bytes at " + at);
            }
        }
    }

    @Test
    void readsTheBaseWhereNothingIsPatched() throws Exception {
        try (OverlayStorage overlay = overlay()) {
            assertReadsLikeExpected(overlay);
        }
    }

    @Test
    void readsPatchesOverTheBaseIncludingRangesBetweenAndAfterThem() throws Exception {
        try (OverlayStorage overlay = overlay()) {
            patch(overlay, 100, PatternBytes.of(2, 50));
            patch(overlay, 4096, PatternBytes.of(3, 4096));
            patch(overlay, 9000, PatternBytes.of(4, 10));
            assertReadsLikeExpected(overlay);
        }
    }

    @Test
    void laterPatchesWinWhereTheyOverlap() throws Exception {
        try (OverlayStorage overlay = overlay()) {
            patch(overlay, 1000, PatternBytes.of(5, 3000));
            patch(overlay, 500, PatternBytes.of(6, 1000));
            patch(overlay, 2000, PatternBytes.of(7, 100));
            patch(overlay, 3500, PatternBytes.of(8, 1000));
            patch(overlay, 1000, PatternBytes.of(9, 3000));
            patch(overlay, 1500, PatternBytes.of(10, 10));
            assertReadsLikeExpected(overlay);
        }
    }

    @Test
    void patchesPastTheEndGrowTheViewAndGapsReadAsZeros() throws Exception {
        try (OverlayStorage overlay = overlay()) {
            patch(overlay, 12_000, PatternBytes.of(11, 500));
            expectPatch(BASE_SIZE, new byte[0]);
            assertReadsLikeExpected(overlay);
            overlay.extendTo(14_000);
            expected = Arrays.copyOf(expected, 14_000);
            assertReadsLikeExpected(overlay);
        }
    }

    @Test
    void refusesReadsPastItsEndAndAllWrites() throws Exception {
        try (OverlayStorage overlay = overlay()) {
            assertThrows(IOException.class, () -> overlay.readBytes(BASE_SIZE - 5, 10));
            assertThrows(IOException.class, () -> overlay.write(0, ByteBuffer.allocate(1)));
            assertThrows(IOException.class, () -> overlay.truncate(5));
        }
    }

    @Test
    void zeroRunsAndBytesMovedFromElsewhereInTheBaseMixWithPatches() throws Exception {
        try (OverlayStorage overlay = overlay()) {
            patch(overlay, 100, PatternBytes.of(13, 5000));
            overlay.zero(1000, 2000);
            expectPatch(1000, new byte[2000]);
            overlay.copyFromBase(2500, 7000, 1500);
            expectPatch(2500, Arrays.copyOfRange(PatternBytes.of(1, BASE_SIZE), 7000, 8500));
            patch(overlay, 2900, PatternBytes.of(14, 50));
            overlay.zero(9000, 3000);
            expectPatch(9000, new byte[3000]);
            assertReadsLikeExpected(overlay);
        }
    }

    @Test
    void aZeroRunOfATebibyteCostsNoMemoryAndReadsAsZeros() throws Exception {
        long tib = 1L << 40;
        try (OverlayStorage overlay = overlay()) {
            overlay.zero(5000, tib);
            overlay.patch(tib / 2, PatternBytes.of(15, 100));
            assertEquals(5000 + tib, overlay.size());
            assertArrayEquals(Arrays.copyOf(PatternBytes.of(1, BASE_SIZE), 5000), overlay.readBytes(0, 5000));
            assertArrayEquals(new byte[4096], overlay.readBytes(5000, 4096));
            assertArrayEquals(new byte[4096], overlay.readBytes(tib, 4096));
            byte[] around = overlay.readBytes(tib / 2 - 10, 120);
            assertArrayEquals(new byte[10], Arrays.copyOf(around, 10));
            assertArrayEquals(PatternBytes.of(15, 100), Arrays.copyOfRange(around, 10, 110));
            assertArrayEquals(new byte[10], Arrays.copyOfRange(around, 110, 120));
        }
    }

    @Test
    void readsAtANegativeOrOverflowingOffsetAreInvalidImagesNotInternalErrors() throws Exception {
        try (OverlayStorage overlay = overlay()) {
            assertThrows(org.vhdboot.disk.InvalidImageException.class, () -> overlay.readBytes(-4096, 10));
            assertThrows(org.vhdboot.disk.InvalidImageException.class,
                    () -> overlay.readBytes(Long.MAX_VALUE - 3, 10));
        }
    }

    @Test
    void neverChangesTheFile() throws Exception {
        FileDigests before = FileDigests.of(file);
        try (OverlayStorage overlay = overlay()) {
            overlay.patch(0, PatternBytes.of(12, 20_000));
            overlay.force();
        }
        before.assertUnchanged();
    }
}
