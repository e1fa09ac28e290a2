package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.OldOrNew;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.disk.testing.TempFolder;
import org.vhdboot.disk.testing.VolatileWriteCache;
import org.vhdboot.disk.testing.WritePlan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The stricter crash model: at the crash, any subset of the writes made since the last flush may be lost, as
 * with a disk write cache. With the engine's flush ordering every outcome must still open cleanly and read
 * old-or-new; without it ({@link Durability#DEFERRED}) the same model finds garbage, which shows that the
 * flushes, not luck, provide the guarantee.
 */
class UnflushedWriteLossTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 8 * MIB;
    /** Above this many unflushed writes, only a sample of the loss patterns is tried. */
    private static final int EXHAUSTIVE_LIMIT = 5;

    @TempDir
    Path dir;

    private ChainFiles template(String extension, ImageSpec base, boolean child) throws IOException {
        Path folder = dir.resolve("template");
        Files.createDirectories(folder);
        ChainFiles files = new ChainFiles(new DiskImages(), folder, extension);
        files.createBase(base);
        files.write(WritePlan.wholePages(1, 2 * MIB, 8));
        files.write(List.of(DiskWrite.pattern(2 * MIB, (int) (2 * MIB), 2)));
        if (child) {
            files.addChild(new ChildSpec(extension.equals("vhdx") ? MIB : 0, Optional.empty()));
            files.write(List.of(DiskWrite.pattern(5 * MIB + 4096, 8192, 3)));
        }
        return files;
    }

    /** One run: the write, stopped before step {@code allowed + 1}, then the loss of the unflushed writes in {@code lost}. */
    private record Outcome(boolean crashed, int unflushed, String violation) {
    }

    private Outcome run(ChainFiles files, FolderCopy template, DiskWrite write, Durability durability, int allowed,
                        long lostMask) throws IOException {
        String top = files.top().getFileName().toString();
        byte[] before = files.model().bytes();
        DiskModel expected = files.model().copy();
        expected.write(write.offset(), write.data());
        try (TempFolder run = new TempFolder()) {
            template.into(run.path());
            VolatileWriteCache cache = new VolatileWriteCache(StorageFactory.files().open(run.resolve(top), true),
                    allowed);
            Layer layer = new DiskImages().openStorage(cache, durability);
            try {
                layer.writeSectors(write.offset(), ByteBuffer.wrap(write.data()));
                layer.flush();
            } catch (SimulatedCrash crash) {
                // The power went out here.
            }
            int unflushed = cache.cachedWrites();
            boolean crashed = cache.crashed();
            if (crashed) {
                cache.powerLoss(index -> (lostMask & (1L << index)) == 0);
            }
            try {
                layer.close();
            } catch (SimulatedCrash crash) {
                crashed = true;
            }
            return new Outcome(crashed, unflushed, violation(run.resolve(top), before, expected.bytes()));
        }
    }

    /** Why the files after the crash break the promise, or null when they keep it. */
    private static String violation(Path top, byte[] before, byte[] after) {
        try (Chain chain = new DiskImages().refusingDirtyReadOnlyLogs().open(top, false)) {
            for (Layer layer : chain.layers()) {
                if (!layer.check().isEmpty()) {
                    return "check: " + layer.check();
                }
            }
            byte[] actual = DiskReads.read(chain, 0, (int) chain.size());
            return OldOrNew.hasGarbage(before, after, actual) ? "garbage in the virtual disk" : null;
        } catch (IOException e) {
            return "cannot open: " + e.getMessage();
        }
    }

    /** Loss patterns to try for {@code unflushed} cached writes: all of them when few, else a sample. */
    private static List<Long> lossPatterns(int unflushed) {
        List<Long> masks = new ArrayList<>();
        if (unflushed <= EXHAUSTIVE_LIMIT) {
            for (long mask = 0; mask < (1L << unflushed); mask++) {
                masks.add(mask);
            }
            return masks;
        }
        long all = (1L << unflushed) - 1;
        masks.add(0L);
        masks.add(all);
        for (int i = 0; i < unflushed; i++) {
            masks.add(1L << i);
            masks.add(all & ~(1L << i));
        }
        return masks;
    }

    /** Every crash point times every loss pattern; returns the violations found. */
    private List<String> crashWithLostWrites(ChainFiles files, DiskWrite write, Durability durability)
            throws IOException {
        List<String> violations = new ArrayList<>();
        FolderCopy template = FolderCopy.of(files.folder());
        for (int allowed = 0; ; allowed++) {
            Outcome probe = run(files, template, write, durability, allowed, 0);
            for (long mask : lossPatterns(probe.unflushed())) {
                Outcome outcome = mask == 0 ? probe : run(files, template, write, durability, allowed, mask);
                if (outcome.violation() != null) {
                    violations.add("crash after " + allowed + " steps, losing unflushed writes "
                            + Long.toBinaryString(mask) + " of " + probe.unflushed() + ": " + outcome.violation());
                }
            }
            if (!probe.crashed()) {
                return violations;
            }
        }
    }

    @Test
    void vhdDynamicAllocationSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE).withBlockSize(512 << 10), false);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(5 * MIB, 8192, 10), Durability.SAFE));
    }

    @Test
    void vhdDifferencingAllocationSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), true);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(2 * MIB + 4096, 4096, 11),
                Durability.SAFE));
    }

    @Test
    void vhdDifferencingBitmapUpdateSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), true);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(5 * MIB, 4096, 12), Durability.SAFE));
    }

    @Test
    void vhdxDynamicFirstWriteSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), false);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(5 * MIB, 8192, 13), Durability.SAFE));
    }

    @Test
    void vhdxDifferencingAllocationWithANewBitmapBlockSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), false);
        files.addChild(new ChildSpec(MIB, Optional.empty()));
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(2 * MIB + 4096, 4096, 14),
                Durability.SAFE));
    }

    @Test
    void vhdxDifferencingPartialBlockUpdateSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), true);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(5 * MIB + 65536, 4096, 15),
                Durability.SAFE));
    }

    /** A merge's batched session: bitmaps and BAT entries only after the data, at the flush. */
    @Test
    void aBatchedAllocationWithANewBitmapBlockSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), false);
        files.addChild(new ChildSpec(MIB, Optional.empty()));
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(2 * MIB + 4096, 4096, 18),
                Durability.BATCHED));
    }

    @Test
    void aBatchedPartialBlockUpdateSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), true);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(5 * MIB + 65536, 4096, 19),
                Durability.BATCHED));
    }

    /** A batched VHD moves its footer ahead (flushed) before new blocks, and back at the flush. */
    @Test
    void aBatchedVhdAllocationSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), true);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(2 * MIB + 4096, 4096, 20),
                Durability.BATCHED));
    }

    /** Two new blocks around one the child holds (its bitmap held back), the footer then moved back and cut. */
    @Test
    void aBatchedVhdDifferencingWriteOverSeveralBlocksSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), true);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(3 * MIB, (int) (4 * MIB), 21),
                Durability.BATCHED));
    }

    @Test
    void aBatchedDynamicVhdWriteOverSeveralBlocksSurvivesLostUnflushedWrites() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE).withBlockSize(512 << 10), false);
        assertEquals(List.of(), crashWithLostWrites(files, DiskWrite.pattern(3 * MIB + 4096, (int) (2 * MIB), 22),
                Durability.BATCHED));
    }

    @Test
    void withoutTheFlushesAVhdChildCanReadGarbage() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), true);
        assertFalse(crashWithLostWrites(files, DiskWrite.pattern(2 * MIB + 4096, 4096, 16), Durability.DEFERRED)
                .isEmpty(), "the crash model must be able to catch a missing flush");
    }

    @Test
    void withoutTheFlushesAVhdxChildCanReadGarbage() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), true);
        assertFalse(crashWithLostWrites(files, DiskWrite.pattern(2 * MIB + 4096, 4096, 17), Durability.DEFERRED)
                .isEmpty(), "the crash model must be able to catch a missing flush");
    }
}
