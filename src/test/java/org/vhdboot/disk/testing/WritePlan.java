package org.vhdboot.disk.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Reproducible lists of writes for tests that do not need jqwik's shrinking. */
public final class WritePlan {
    private WritePlan() {
    }

    /**
     * Writes of any alignment and length, several crossing block boundaries: partial sectors, partial blocks
     * and whole blocks.
     */
    public static List<DiskWrite> unaligned(long seed, long diskSize, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DiskWrite> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset;
            int length;
            switch (i % 4) {
                case 0 -> {
                    // Straddles a MiB boundary, which is a block boundary for every block size used here.
                    long boundary = (1 + random.nextLong(diskSize >> 20)) << 20;
                    offset = Math.max(0, boundary - 1 - random.nextInt(70_000));
                    length = 2 + random.nextInt(150_000);
                }
                case 1 -> {
                    offset = random.nextLong(diskSize);
                    length = 1 + random.nextInt(700);
                }
                case 2 -> {
                    offset = random.nextLong(diskSize / 512) * 512 + 512 * random.nextInt(3);
                    length = 512 * (1 + random.nextInt(40));
                }
                default -> {
                    offset = random.nextLong(diskSize);
                    length = 1 + random.nextInt(3 << 20);
                }
            }
            offset = Math.min(offset, diskSize - 1);
            length = (int) Math.min(length, diskSize - offset);
            writes.add(DiskWrite.pattern(offset, length, random.nextLong()));
        }
        return writes;
    }

    /**
     * Writes in whole 4 KiB pages, so a VHD bitmap byte is always all set or all clear: what libvhdi 20210425
     * reads correctly in differencing VHDs (reference 4.1).
     */
    public static List<DiskWrite> wholePages(long seed, long diskSize, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DiskWrite> writes = new ArrayList<>();
        long pages = diskSize / 4096;
        for (int i = 0; i < count; i++) {
            long first = random.nextLong(pages);
            long length = Math.min(pages - first, 1 + random.nextInt(i % 3 == 0 ? 600 : 20));
            writes.add(DiskWrite.pattern(first * 4096, (int) length * 4096, random.nextLong()));
        }
        return writes;
    }
}
