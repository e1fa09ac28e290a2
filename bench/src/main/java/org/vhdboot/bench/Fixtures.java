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
 *   verify-chain DIR DEPTH RUN FLAT   replays what chain wrote into memory and compares FLAT, a raw file
 *                              made from DIR/child-DEPTH, with it: an independent check of chain reads
 * </pre>
 */
public final class Fixtures {
    static final long GIB = 1L << 30;
    private static final int PIECE = 4 << 20;
    /** Regions of the raw conversion input: two VHDX blocks, thirty-two VHD blocks. */
    static final long RAW_REGION = 64L << 20;
    private static final long CHAIN_PARENT_SEED = 2;
    private static final long CHAIN_CHILD_SEED = 1000;

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
            case "verify-chain":
                verifyChain(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
                break;
            default:
                System.err.println("usage: Fixtures parent FILE SIZE | chain DIR DEPTH RUN | raw FILE | verify-chain DIR DEPTH RUN FLAT");
                System.exit(2);
        }
    }

    /** Where generated data goes: an image, or the in-memory model of one. */
    @FunctionalInterface
    private interface Sink {
        void write(long offset, byte[] data) throws IOException;
    }

    private static Sink into(Layer layer) {
        return (offset, data) -> layer.writeSectors(offset, ByteBuffer.wrap(data));
    }

    static void parent(Path file, long size) throws IOException {
        DiskImages images = new DiskImages();
        images.create(file, ImageSpec.dynamic(size));
        try (Layer layer = images.openLayer(file, true, Durability.DEFERRED)) {
            writeRandom(into(layer), GIB, 1);
            layer.flush();
        }
    }

    static void chain(Path dir, int depth, int run) throws IOException {
        Files.createDirectories(dir);
        DiskImages images = new DiskImages();
        Path parent = dir.resolve("parent.vhdx");
        images.create(parent, ImageSpec.dynamic(GIB));
        try (Layer layer = images.openLayer(parent, true, Durability.DEFERRED)) {
            writeRandom(into(layer), GIB, CHAIN_PARENT_SEED);
            layer.flush();
        }
        Path below = parent;
        for (int level = 1; level <= depth; level++) {
            Path child = dir.resolve(childName(level));
            images.createChild(child, below);
            try (Layer layer = images.openLayer(child, true, Durability.DEFERRED)) {
                rewriteScattered(into(layer), GIB, run, CHAIN_CHILD_SEED + level);
                layer.flush();
            }
            below = child;
        }
    }

    static String childName(int level) {
        return String.format("child-%03d.vhdx", level);
    }

    /** One percent of the disk in runs of {@code run} bytes at distinct random run-aligned places. */
    private static void rewriteScattered(Sink sink, long size, int run, long seed) throws IOException {
        long slots = size / run;
        int count = (int) (slots / 100);
        SplittableRandom random = new SplittableRandom(seed);
        BitSet chosen = new BitSet((int) slots);
        while (chosen.cardinality() < count) {
            chosen.set((int) random.nextLong(slots));
        }
        byte[] bytes = new byte[run];
        for (int slot = chosen.nextSetBit(0); slot >= 0; slot = chosen.nextSetBit(slot + 1)) {
            fill(random, bytes);
            sink.write((long) slot * run, bytes);
        }
    }

    private static void writeRandom(Sink sink, long length, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[PIECE];
        for (long at = 0; at < length; at += PIECE) {
            fill(random, bytes);
            sink.write(at, bytes);
        }
    }

    /** Compares {@code flat} with a model built by replaying the chain's writes; exits 1 on a difference. */
    static void verifyChain(int depth, int run, Path flat) throws IOException {
        byte[] model = new byte[(int) GIB];
        Sink intoModel = (offset, data) -> System.arraycopy(data, 0, model, (int) offset, data.length);
        writeRandom(intoModel, GIB, CHAIN_PARENT_SEED);
        for (int level = 1; level <= depth; level++) {
            rewriteScattered(intoModel, GIB, run, CHAIN_CHILD_SEED + level);
        }
        byte[] piece = new byte[PIECE];
        try (FileChannel in = FileChannel.open(flat)) {
            if (in.size() != GIB) {
                fail(flat + " is " + in.size() + " bytes, not 1 GiB");
            }
            for (long at = 0; at < GIB; at += PIECE) {
                ByteBuffer buffer = ByteBuffer.wrap(piece);
                while (buffer.hasRemaining()) {
                    in.read(buffer, at + buffer.position());
                }
                if (java.util.Arrays.mismatch(piece, 0, PIECE, model, (int) at, (int) at + PIECE) >= 0) {
                    fail(flat + " differs from the replayed chain in the 4 MiB at " + at);
                }
            }
        }
        System.out.println("identical: the depth-" + depth + " chain (" + run + "-byte runs) reads as its writes");
    }

    private static void fail(String message) {
        System.out.println("DIFFERENT: " + message);
        System.exit(1);
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
