package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.ImageRepair;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.HostileImages;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.disk.testing.VhdFileEditor;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crafted VHDs: every offset is range-checked where it is parsed (no overflow lets one through), BAT sizes are
 * checked before the table is read, and a damaged trailing footer is read through its intact copy.
 */
class VhdHostileInputTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    private ChainFiles dynamicWithData() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        files.createBase(ImageSpec.dynamic(8 * MIB));
        files.write(WritePlan.unaligned(1, 8 * MIB, 6));
        return files;
    }

    private void assertRefused(Path image, String message) throws Exception {
        // Hashing the sparse gigabytes of the hostile images would take longer than the rest of the suite.
        FileDigests before = Files.size(image) < 64 * MIB ? FileDigests.of(image) : null;
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> images.open(image, false));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        if (before != null) {
            before.assertUnchanged();
        }
    }

    @Test
    void offsetsNearTheTopOfTheRangeDoNotOverflowPastTheChecks() throws Exception {
        Path image = dynamicWithData().top();
        new VhdFileEditor(image).patchHeader(h -> h.putLong(16, Long.MAX_VALUE - 100));
        assertRefused(image, "the BAT at offset " + (Long.MAX_VALUE - 100));

        Path other = dir.resolve("header.vhd");
        images.create(other, ImageSpec.dynamic(8 * MIB));
        new VhdFileEditor(other).patchFooter(f -> f.putLong(16, Long.MAX_VALUE - 10));
        assertRefused(other, "dynamic header offset");
    }

    @Test
    void aParentLocatorNearTheTopOfTheRangeIsRefused() throws Exception {
        ChainFiles files = dynamicWithData();
        Path child = files.addChild(ChildSpec.DEFAULTS);
        new VhdFileEditor(child).patchHeader(h -> h.putLong(576 + 16, Long.MAX_VALUE - 10));
        assertRefused(child, "points outside the file");
    }

    @Test
    void batsTooLargeForMemoryAreRefusedBeforeTheyAreRead() throws Exception {
        HostileImages hostile = new HostileImages(dir);
        assertRefused(hostile.vhdWithTinyBlocks(512), "1065353216 blocks of 512 bytes are more than vhdboot supports");
        assertRefused(hostile.vhdWithTinyBlocks(1024), "blocks of 1024 bytes are more than vhdboot supports");
        assertRefused(hostile.sparseVhdWithHugeBat(), "131072000 blocks of 4096 bytes");
    }

    @Test
    void aSmallVhdWithTheSmallestBlocksOpensAndReads() throws Exception {
        // 512-byte blocks are within the format's rules; 16 KiB of them is a BAT of 32 entries.
        Path image = dir.resolve("tiny.vhd");
        images.create(image, ImageSpec.dynamic(MIB));
        VhdFileEditor editor = new VhdFileEditor(image);
        long table = editor.batOffset();
        editor.patchFooter(f -> f.putLong(40, 16 * 1024).putLong(48, 16 * 1024));
        editor.patchHeader(h -> h.putInt(28, 32).putInt(32, 512));
        // One block at the end of the file: a 512-byte bitmap with every bit set, then 512 bytes of data.
        long block = editor.footerOffset();
        byte[] footer = editor.footer();
        byte[] bitmap = new byte[512];
        bitmap[0] = (byte) 0x80;
        FileBytes.write(image, block, bitmap);
        FileBytes.write(image, block + 512, org.vhdboot.disk.testing.PatternBytes.of(5, 512));
        FileBytes.write(image, block + 1024, footer);
        FileBytes.write(image, table + 4 * 3, ByteBuffer.allocate(4).putInt((int) (block / 512)).array());
        try (Chain chain = images.open(image, false)) {
            assertEquals(List.of(), chain.top().check());
            byte[] read = DiskReads.read(chain, 0, 16 * 1024);
            assertArrayEquals(org.vhdboot.disk.testing.PatternBytes.of(5, 512),
                    java.util.Arrays.copyOfRange(read, 3 * 512, 4 * 512));
        }
    }

    @Test
    void manyBlocksSharingFileSpaceAreOneFindingNotAListAsLongAsTheTable() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhd");
        Path image = files.createBase(ImageSpec.dynamic(256 * MIB));
        files.write(List.of(org.vhdboot.disk.testing.DiskWrite.pattern(0, 10, 1)));
        VhdFileEditor editor = new VhdFileEditor(image);
        int first = editor.batEntry(0);
        for (int block = 1; block < 128; block++) {
            editor.setBatEntry(block, first);
        }
        try (Chain chain = images.open(image, false)) {
            List<String> problems = chain.top().check();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("128 blocks are allocated but the file has room for 1"), problems.get(0));
        }
    }

    @Test
    void aDamagedTrailingFooterIsReadThroughItsCopyAndReported() throws Exception {
        ChainFiles files = dynamicWithData();
        Path image = files.top();
        FileBytes.flipByte(image, new VhdFileEditor(image).footerOffset() + 100);
        FileDigests before = FileDigests.of(image);
        try (Chain chain = images.open(image, false)) {
            assertArrayEquals(files.model().bytes(), DiskReads.read(chain, 0, (int) (8 * MIB)));
            List<String> findings = chain.top().findings();
            assertEquals(1, findings.size(), findings.toString());
            assertTrue(findings.get(0).contains("footer checksum mismatch") && findings.get(0).contains("copy at offset 0"),
                    findings.get(0));
            assertTrue(chain.top().check().containsAll(findings));
        }
        before.assertUnchanged();
    }

    @Test
    void repairWritesTheCopyOverTheDamagedFooterInOneSector() throws Exception {
        Path image = dynamicWithData().top();
        byte[] copy = FileBytes.read(image, 0, 512);
        FileBytes.flipByte(image, new VhdFileEditor(image).footerOffset() + 100);
        long size = Files.size(image);

        ImageRepair.Outcome outcome = new ImageRepair(images).repair(image);
        assertTrue(outcome.changed(), outcome.summary());
        assertEquals(size, Files.size(image));
        assertArrayEquals(copy, new VhdFileEditor(image).footer());
        try (Layer layer = images.openLayer(image, false, Durability.SAFE)) {
            assertEquals(List.of(), layer.check());
        }
        assertFalse(new ImageRepair(images).repair(image).changed(), "a second run finds nothing to do");
    }

    @Test
    void aRepairStoppedBeforeItsWriteLeavesTheFileForTheNextRun() throws Exception {
        Path image = dynamicWithData().top();
        FileBytes.flipByte(image, new VhdFileEditor(image).footerOffset() + 100);
        FileDigests before = FileDigests.of(image);
        CrashAfterSteps hook = new CrashAfterSteps(0);
        DiskImages crashing = new DiskImages(new StorageFactory(hook), Clock.systemUTC(), ParentPaths.forThisSystem());
        assertThrows(SimulatedCrash.class, () -> new ImageRepair(crashing).repair(image));
        before.assertUnchanged();
        assertTrue(new ImageRepair(images).repair(image).changed());
        try (Layer layer = images.openLayer(image, false, Durability.SAFE)) {
            assertEquals(List.of(), layer.check());
        }
    }
}
