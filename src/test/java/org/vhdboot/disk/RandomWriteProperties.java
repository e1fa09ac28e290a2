package org.vhdboot.disk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.vhdboot.disk.testing.BaseImage;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.TempFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random writes of every shape (unaligned, partial sectors, block-spanning) into single images and into
 * chains up to five children deep, compared with a plain byte-array model of the disk.
 */
class RandomWriteProperties {
    private static final long MIB = 1 << 20;
    private static final int MAX_DISK_MIB = 48;

    @Property(tries = 60)
    void aSingleImageReadsBackEveryWrite(@ForAll BaseImage base,
                                         @ForAll @IntRange(min = 8, max = MAX_DISK_MIB) int sizeMib,
                                         @ForAll("writes") List<DiskWrite> writes,
                                         @ForAll @IntRange(min = 1, max = 3) int sessions, @ForAll long readSeed)
            throws Exception {
        try (TempFolder folder = new TempFolder()) {
            DiskImages images = new DiskImages();
            ChainFiles chain = new ChainFiles(images, folder.path(), base.extension());
            chain.createBase(base.spec(sizeMib * MIB));
            // Several open-write-close sessions: each reopen must find the footer, free space and headers again.
            List<DiskWrite> fitted = fit(writes, sizeMib * MIB);
            int perSession = (fitted.size() + sessions - 1) / sessions;
            for (int from = 0; from < fitted.size(); from += perSession) {
                chain.write(fitted.subList(from, Math.min(fitted.size(), from + perSession)));
            }
            assertReadsMatch(images, chain, readSeed);
        }
    }

    @Property(tries = 40)
    void aChainReadsBackEveryWriteOfEveryLayer(@ForAll BaseImage base,
                                               @ForAll @IntRange(min = 8, max = MAX_DISK_MIB) int sizeMib,
                                               @ForAll("levels") List<List<DiskWrite>> levels,
                                               @ForAll boolean smallChildBlocks, @ForAll long readSeed)
            throws Exception {
        long size = sizeMib * MIB;
        try (TempFolder folder = new TempFolder()) {
            DiskImages images = new DiskImages();
            ChainFiles chain = new ChainFiles(images, folder.path(), base.extension());
            chain.createBase(base.spec(size));
            chain.write(fit(levels.get(0), size));
            ChildSpec childSpec = new ChildSpec(base.vhdx() && smallChildBlocks ? MIB : 0, Optional.empty());
            for (List<DiskWrite> level : levels.subList(1, levels.size())) {
                chain.addChild(childSpec);
                chain.write(fit(level, size));
            }
            assertReadsMatch(images, chain, readSeed);
            // Parents are never written: every layer still reads as it did when its child was made.
            for (int level = 0; level < chain.layers().size() - 1; level++) {
                DiskReads.assertSameBytes(chain.model(level).bytes(),
                        DiskReads.readAll(images, chain.layers().get(level)),
                        "layer " + level + " changed after a child was made");
            }
        }
    }

    /** Reads the whole disk, then random ranges, and checks every layer's structure. */
    private static void assertReadsMatch(DiskImages images, ChainFiles files, long readSeed) throws Exception {
        Path top = files.top();
        try (Chain chain = images.open(top, false)) {
            assertEquals(files.model().size(), chain.size());
            DiskReads.assertSameBytes(files.model().bytes(), DiskReads.read(chain, 0, Math.toIntExact(chain.size())),
                    "the whole disk");
            SplittableRandom random = new SplittableRandom(readSeed);
            for (int i = 0; i < 20; i++) {
                long offset = random.nextLong(chain.size());
                int length = (int) Math.min(chain.size() - offset, 1 + random.nextInt(3 << 20));
                DiskReads.assertSameBytes(files.model().read(offset, length), DiskReads.read(chain, offset, length),
                        "read of " + length + " bytes at " + offset);
            }
            for (Layer layer : chain.layers()) {
                assertEquals(List.of(), layer.check(), layer.path().getFileName() + " has structural problems");
            }
        }
    }

    /** Moves each generated write inside a disk of {@code size} bytes, keeping its alignment where it can. */
    private static List<DiskWrite> fit(List<DiskWrite> writes, long size) {
        List<DiskWrite> fitted = new ArrayList<>();
        for (DiskWrite write : writes) {
            long offset = write.offset() % size;
            int length = (int) Math.min(write.data().length, size - offset);
            fitted.add(new DiskWrite(offset, Arrays.copyOf(write.data(), length)));
        }
        return fitted;
    }

    @Provide
    Arbitrary<List<DiskWrite>> writes() {
        return write().list().ofMinSize(1).ofMaxSize(12);
    }

    /** Writes for the base and for one to five children. */
    @Provide
    Arbitrary<List<List<DiskWrite>>> levels() {
        return write().list().ofMaxSize(8).list().ofMinSize(2).ofMaxSize(6);
    }

    @Provide
    Arbitrary<DiskWrite> write() {
        long limit = MAX_DISK_MIB * MIB;
        Arbitrary<Long> offsets = Arbitraries.oneOf(
                Arbitraries.longs().between(0, limit - 1),
                Arbitraries.longs().between(0, limit / 512 - 1).map(sector -> sector * 512),
                Arbitraries.longs().between(0, limit / 4096 - 1).map(page -> page * 4096),
                // Just before, at or after a block or chunk boundary.
                Combinators.combine(Arbitraries.integers().between(1, MAX_DISK_MIB - 1),
                        Arbitraries.integers().between(-1100, 1100)).as((mib, delta) -> mib * MIB + delta));
        Arbitrary<Integer> lengths = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 700),
                Arbitraries.integers().between(1, 16).map(sectors -> sectors * 512),
                Arbitraries.integers().between(1, 5_000_000),
                Arbitraries.integers().between(1, 4).map(mib -> mib * (int) MIB));
        return Combinators.combine(offsets, lengths, Arbitraries.longs())
                .as((offset, length, seed) -> DiskWrite.pattern(offset, length, seed));
    }
}
