package org.vhdboot.disk;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.vhdboot.disk.testing.BaseImage;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.TempFolder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The resolver's answers for any stack of a chain (all of it, or a run of its layers) against the plainest
 * possible walk: every sector on its own, asking each layer from the top until one does not say "my parent".
 */
class LayerResolverProperties {
    private static final long MIB = 1 << 20;

    @Property(tries = 15)
    void everySectorIsAnsweredByTheTopmostLayerOfTheStackThatDefinesIt(
            @ForAll BaseImage base, @ForAll @IntRange(min = 2, max = 6) int sizeMib,
            @ForAll @IntRange(min = 0, max = 6) int depth, @ForAll long seed) throws Exception {
        long size = sizeMib * MIB;
        SplittableRandom random = new SplittableRandom(seed);
        try (TempFolder folder = new TempFolder()) {
            DiskImages images = new DiskImages();
            ChainFiles files = new ChainFiles(images, folder.path(), base.extension());
            files.createBase(base.spec(size));
            files.write(scattered(random, size, base.logicalSector()));
            for (int level = 1; level <= depth; level++) {
                boolean smallBlocks = base.vhdx() && random.nextBoolean();
                files.addChild(new ChildSpec(smallBlocks ? MIB : 0, Optional.empty()));
                files.write(scattered(random, size, base.logicalSector()));
            }
            try (Chain chain = images.open(files.top(), false)) {
                List<Layer> layers = chain.layers();
                int from = random.nextInt(layers.size());
                int to = from + 1 + random.nextInt(layers.size() - from);
                List<Layer> stack = layers.subList(from, to);
                int sector = base.logicalSector();
                long offset = random.nextLong(size / sector) * sector;
                long length = (1 + random.nextLong((size - offset) / sector)) * sector;
                assertEquals(sectorBySector(stack, offset, length, sector),
                        perSector(new LayerResolver(stack), offset, length, sector),
                        "layers " + from + " to " + to + ", " + length + " bytes at " + offset);
            }
        }
    }

    /** What each sector reads from: level, kind and file offset, sector by sector. */
    private static List<String> sectorBySector(List<Layer> stack, long offset, long length, int sector)
            throws IOException {
        List<String> owners = new ArrayList<>();
        for (long at = offset; at < offset + length; at += sector) {
            String owner = "below";
            for (int level = 0; level < stack.size(); level++) {
                Extent extent = stack.get(level).map(at, sector);
                if (extent.kind() == Extent.Kind.STORED) {
                    owner = level + " stored at " + extent.fileOffset();
                    break;
                }
                if (extent.kind() == Extent.Kind.ZERO) {
                    owner = level + " zero";
                    break;
                }
            }
            owners.add(at + ": " + owner);
        }
        return owners;
    }

    /** The resolver's answers cut into sectors, checked to cover the range in order. */
    private static List<String> perSector(LayerResolver resolver, long offset, long length, int sector)
            throws IOException {
        List<String> owners = new ArrayList<>();
        long[] next = {offset};
        resolver.resolve(offset, length, answer -> {
            assertEquals(next[0], answer.offset(), "answers follow each other");
            for (long at = 0; at < answer.length(); at += sector) {
                String owner = switch (answer.kind()) {
                    case STORED -> answer.level() + " stored at " + (answer.fileOffset() + at);
                    case ZERO -> answer.level() + " zero";
                    case BELOW -> "below";
                };
                owners.add(answer.offset() + at + ": " + owner);
            }
            next[0] = answer.end();
            return true;
        });
        assertEquals(offset + length, next[0], "answers reach the end of the range");
        return owners;
    }

    /** Runs of sectors and unaligned writes, from a few bytes to a few blocks. */
    private static List<DiskWrite> scattered(SplittableRandom random, long size, int sector) {
        List<DiskWrite> writes = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            int length = (int) Math.min(size / 2, random.nextInt(5) == 0 ? MIB + random.nextInt((int) (2 * MIB))
                    : 1 + random.nextInt(40 * sector));
            long offset = random.nextLong(size - length);
            if (random.nextBoolean()) {
                offset -= offset % sector;
            }
            writes.add(DiskWrite.pattern(offset, length, random.nextLong()));
        }
        return writes;
    }
}
