package org.vhdboot.disk;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.io.Storage;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walk's uses beyond reading: copying a snapshot's sectors into the child above it (snapshot delete), the
 * layers above a version into a new child of it (layer export), and what a layer stores, from its table alone.
 */
class LayerResolverTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 12 * MIB;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    /** base, then three children with overlapping writes of every alignment; the top is layer 3. */
    private ChainFiles chainOfFour(String extension) throws IOException {
        ChainFiles files = new ChainFiles(images, dir, extension);
        files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(extension.equals("vhd") ? 512 << 10 : MIB));
        files.write(List.of(DiskWrite.pattern(0, (int) SIZE, 1)));
        long seed = 10;
        for (int level = 1; level <= 3; level++) {
            files.addChild(new ChildSpec(extension.equals("vhdx") && level == 2 ? MIB : 0, Optional.empty()));
            files.write(List.of(DiskWrite.pattern(level * MIB + 100, (int) (3 * MIB), seed++),
                    DiskWrite.pattern(5 * MIB - level * 4096, 70_000, seed++),
                    DiskWrite.pattern(9 * MIB + level * 512, 512, seed++)));
        }
        return files;
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void deletingASnapshotCopiesWhatItDefinesIntoTheChildWithoutChangingWhatTheChildReads(String extension)
            throws Exception {
        ChainFiles files = chainOfFour(extension);
        byte[] childReads = files.model().bytes();
        byte[] snapshotWrote = definedBy(files, 2);
        try (Chain chain = images.open(files.top(), true)) {
            Layer child = chain.top();
            // The stack [child, snapshot]: what the snapshot answers for goes into the child.
            long copied = new LayerResolver(chain.layers().subList(0, 2)).copyDefined(1, child::writeSectors);
            assertTrue(copied > 0);
            assertArrayEquals(childReads, DiskReads.read(chain, 0, (int) SIZE), "the child reads as before");
            // Linked past the snapshot, to the snapshot's parent, the child would still read the same.
            List<Layer> relinked = List.of(child, chain.layers().get(2), chain.layers().get(3));
            assertArrayEquals(childReads, read(new LayerResolver(relinked)), "without the snapshot");
            assertEquals(0, unstoredWhereDefined(new LayerResolver(List.of(child)), snapshotWrote),
                    "the child now defines every sector the snapshot defined");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx"})
    void exportingTheLayersAboveAVersionMakesAChildOfItThatReadsAsTheTop(String extension) throws Exception {
        ChainFiles files = chainOfFour(extension);
        Path version = files.layers().get(1);
        Path export = dir.resolve("export." + extension);
        images.createChild(export, version);
        try (Chain source = images.open(files.top(), false); Chain target = images.open(export, true)) {
            // The layers above the version: the top and the one below it.
            new LayerResolver(source.layers().subList(0, 2)).copyDefined(0, target::write);
        }
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(images, export));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vhd", "vhdx", "raw"})
    void aLayerStoresItsPresentBlocksCutAtTheDiskEndAndSaysSoWithoutReadingData(String extension) throws Exception {
        // 5 MiB and one sector: the last block is cut short.
        long size = 5 * MIB + 512;
        Path base = dir.resolve("base." + extension);
        images.create(base, ImageSpec.dynamic(size).withBlockSize(extension.equals("vhdx") ? MIB : 0));
        try (Chain chain = images.open(base, true)) {
            chain.write(MIB + 7, ByteBuffer.wrap(new byte[] {1}));
            chain.write(size - 1, ByteBuffer.wrap(new byte[] {1}));
        }
        long expected = switch (extension) {
            case "vhd" -> 2 * MIB + (MIB + 512);
            case "vhdx" -> MIB + 512;
            default -> size;
        };
        assertEquals(expected, storedBytesWithoutReads(base));
        if (!extension.equals("raw")) {
            Path child = dir.resolve("child." + extension);
            images.createChild(child, base);
            assertEquals(0, storedBytesWithoutReads(child));
            try (Chain chain = images.open(child, true)) {
                chain.write(3 * MIB, ByteBuffer.wrap(new byte[512]));
                assertEquals(2 * MIB, chain.top().storedBytes(), "a partly present block counts whole");
                assertEquals(chain.top().info().allocatedBytes(), chain.top().storedBytes());
            }
        }
    }

    private long storedBytesWithoutReads(Path image) throws IOException {
        CountingStorage storage = new CountingStorage(StorageFactory.files().open(image, false));
        try (Layer layer = images.openStorage(storage, Durability.SAFE)) {
            long reads = storage.reads;
            long stored = layer.storedBytes();
            assertEquals(reads, storage.reads, "reads to tell the stored bytes");
            return stored;
        }
    }

    /** Bytes of the whole disk that layer {@code level} (0 = base) wrote over what its parent read. */
    private static byte[] definedBy(ChainFiles files, int level) {
        byte[] below = files.model(level - 1).bytes();
        byte[] mine = files.model(level).bytes();
        byte[] mask = new byte[mine.length];
        for (int i = 0; i < mine.length; i++) {
            mask[i] = (byte) (mine[i] != below[i] ? 1 : 0);
        }
        return mask;
    }

    /** Sectors marked in {@code mask} that no layer of the stack defines. */
    private static long unstoredWhereDefined(LayerResolver stack, byte[] mask) throws IOException {
        long[] missing = {0};
        stack.resolve(0, SIZE, answer -> {
            if (!answer.defined()) {
                for (long at = answer.offset(); at < answer.end(); at++) {
                    missing[0] += mask[(int) at];
                }
            }
            return true;
        });
        return missing[0];
    }

    private static byte[] read(LayerResolver stack) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) SIZE);
        stack.read(0, buffer);
        return buffer.array();
    }

    /** Storage that counts the reads through it. */
    private static final class CountingStorage implements Storage {
        private final Storage inner;
        private long reads;

        CountingStorage(Storage inner) {
            this.inner = inner;
        }

        @Override
        public Path path() {
            return inner.path();
        }

        @Override
        public boolean writable() {
            return inner.writable();
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            reads++;
            inner.read(position, dst);
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            inner.write(position, src);
        }

        @Override
        public void force() throws IOException {
            inner.force();
        }

        @Override
        public void truncate(long size) throws IOException {
            inner.truncate(size);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
