package org.vhdboot.bench;

import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.Layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Builds the benchmark inputs with the engine's own writer, fast and reproducibly (fixed seeds):
 * <pre>
 *   parent FILE SIZE           a dynamic VHD(X) of SIZE bytes virtual with its first 1 GiB written
 *   chain DIR DEPTH RUN        DIR/parent.vhdx (1 GiB, fully allocated, random) and DIR/child-001 .. DEPTH,
 *                              each child rewriting a scattered 1% of the sectors in runs of RUN bytes
 *   raw FILE                   1 GiB raw: 64 MiB zero and 64 MiB random regions, alternating
 * </pre>
 */
public final class Fixtures {
    static final long GIB = 1L << 30;
    private static final int PIECE = 4 << 20;
    /** Regions of the raw conversion input: two VHDX blocks, thirty-two VHD blocks. */
    static final long RAW_REGION = 64L << 20;

    private Fixtures() {
    }

    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "parent":
                parent(Path.of(args[1]), Long.parseLong(args[2]));
                break;
            case "chain":
                chain(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                break;
            case "raw":
                raw(Path.of(args[1]));
                break;
            default:
                System.err.println("usage: Fixtures parent FILE SIZE | chain DIR DEPTH RUN | raw FILE");
                System.exit(2);
        }
    }

    static void parent(Path file, long size) throws IOException {
        DiskImages images = new DiskImages();
        images.create(file, ImageSpec.dynamic(size));
        try (Layer layer = images.openLayer(file, true, Durability.DEFERRED)) {
            writeRandom(layer, 0, GIB, 1);
            layer.flush();
        }
    }

    static void chain(Path dir, int depth, int run) throws IOException {
        Files.createDirectories(dir);
        DiskImages images = new DiskImages();
        Path parent = dir.resolve("parent.vhdx");
        images.create(parent, ImageSpec.dynamic(GIB));
        try (Layer layer = images.openLayer(parent, true, Durability.DEFERRED)) {
            writeRandom(layer, 0, GIB, 2);
            layer.flush();
        }
        Path below = parent;
        for (int level = 1; level <= depth; level++) {
            Path child = dir.resolve(childName(level));
            images.createChild(child, below);
            try (Layer layer = images.openLayer(child, true, Durability.DEFERRED)) {
                rewriteScattered(layer, run, 1000 + level);
                layer.flush();
            }
            below = child;
        }
    }

    static String childName(int level) {
        return String.format("child-%03d.vhdx", level);
    }

    /** One percent of the disk in runs of {@code run} bytes at distinct random run-aligned places. */
    private static void rewriteScattered(Layer layer, int run, long seed) throws IOException {
        long slots = layer.virtualSize() / run;
        int count = (int) (slots / 100);
        SplittableRandom random = new SplittableRandom(seed);
        BitSet chosen = new BitSet((int) slots);
        while (chosen.cardinality() < count) {
            chosen.set((int) random.nextLong(slots));
        }
        byte[] bytes = new byte[run];
        ByteBuffer data = ByteBuffer.wrap(bytes);
        for (int slot = chosen.nextSetBit(0); slot >= 0; slot = chosen.nextSetBit(slot + 1)) {
            fill(random, bytes);
            layer.writeSectors((long) slot * run, data.clear());
        }
    }

    private static void writeRandom(Layer layer, long offset, long length, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[PIECE];
        ByteBuffer data = ByteBuffer.wrap(bytes);
        for (long at = offset; at < offset + length; at += PIECE) {
            fill(random, bytes);
            layer.writeSectors(at, data.clear());
        }
    }

    static void raw(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        byte[] bytes = new byte[PIECE];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long at = 0; at < GIB; at += PIECE) {
                boolean zero = (at / RAW_REGION) % 2 == 0;
                if (zero) {
                    java.util.Arrays.fill(bytes, (byte) 0);
                } else {
                    fill(random, bytes);
                }
                // Zero regions are written too: the input is a plain, fully allocated raw file.
                ByteBuffer data = ByteBuffer.wrap(bytes);
                while (data.hasRemaining()) {
                    out.write(data, at + data.position());
                }
            }
        }
    }

    /** SplittableRandom.nextBytes is slow per byte; eight bytes per call is plenty random for disk data. */
    private static void fill(SplittableRandom random, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.remaining() >= 8) {
            b.putLong(random.nextLong());
        }
    }
}
