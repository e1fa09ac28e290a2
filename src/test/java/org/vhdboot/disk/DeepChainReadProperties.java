package org.vhdboot.disk;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.vhdboot.disk.testing.BaseImage;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.TempFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deep chains of small scattered writes, where the region reader resolves each region through many partial
 * layers, compared with a byte-array model; and ranges the converter skips must read as zeros.
 */
class DeepChainReadProperties {
    private static final long MIB = 1 << 20;

    @Property(tries = 12)
    void deepChainsReadAsTheirWrites(@ForAll BaseImage base, @ForAll @IntRange(min = 4, max = 12) int sizeMib,
                                     @ForAll @IntRange(min = 2, max = 40) int depth, @ForAll long seed)
            throws Exception {
        long size = sizeMib * MIB;
        SplittableRandom random = new SplittableRandom(seed);
        try (TempFolder folder = new TempFolder()) {
            DiskImages images = new DiskImages();
            ChainFiles chain = new ChainFiles(images, folder.path(), base.extension());
            chain.createBase(base.spec(size));
            chain.write(scattered(random, size, base.logicalSector()));
            for (int level = 1; level <= depth; level++) {
                boolean smallBlocks = base.vhdx() && random.nextBoolean();
                chain.addChild(new ChildSpec(smallBlocks ? MIB : 0, Optional.empty()));
                chain.write(scattered(random, size, base.logicalSector()));
            }
            Path top = chain.top();
            try (Chain opened = images.open(top, false)) {
                byte[] expected = chain.model().bytes();
                DiskReads.assertSameBytes(expected, DiskReads.read(opened, 0, (int) size), "whole disk");
                for (int i = 0; i < 30; i++) {
                    long offset = random.nextLong(size);
                    if (random.nextBoolean()) {
                        offset -= offset % base.logicalSector();
                    }
                    int length = (int) Math.min(size - offset, 1 + random.nextInt((int) (3 * MIB)));
                    DiskReads.assertSameBytes(chain.model().read(offset, length),
                            DiskReads.read(opened, offset, length), "read of " + length + " bytes at " + offset);
                }
                for (long at = 0; at < size; at += MIB / 2) {
                    if (opened.storesNothing(at, MIB / 2)) {
                        byte[] bytes = chain.model().read(at, (int) (MIB / 2));
                        assertTrue(isZero(bytes), "a range said to store nothing holds data at " + at);
                    }
                }
            }
        }
    }

    /** A few runs of sectors and a few unaligned writes, anywhere. */
    private static List<DiskWrite> scattered(SplittableRandom random, long size, int sector) {
        List<DiskWrite> writes = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            boolean aligned = random.nextInt(4) != 0;
            int length = aligned ? sector * (1 + random.nextInt(24)) : 1 + random.nextInt(3 * sector);
            long offset = random.nextLong(size - length);
            if (aligned) {
                offset -= offset % sector;
            }
            writes.add(DiskWrite.pattern(offset, length, random.nextLong()));
        }
        return writes;
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
