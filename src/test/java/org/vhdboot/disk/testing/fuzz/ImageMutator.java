package org.vhdboot.disk.testing.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes mutants of seed cases: mostly a structure field set to a value readers get wrong (zero, all ones, the
 * signed and unsigned limits, the file size and its neighbours, huge offsets), else random bytes in or near a
 * structure, a flipped bit, a copied field, or a new file size; then, usually, the checksums are recomputed.
 */
public final class ImageMutator {
    private static final long MIB = 1 << 20;
    private static final int MAX_SIZE = 64 << 20;

    private final Random random;
    private final Map<String, StructureFields> fields = new HashMap<>();

    public ImageMutator(Random random) {
        this.random = random;
    }

    public Mutant mutate(FuzzCase seed) {
        List<String> names = new ArrayList<>(seed.files().keySet());
        String file = random.nextInt(4) != 0 ? seed.top() : names.get(random.nextInt(names.size()));
        byte[] bytes = seed.files().get(file);
        StructureFields known = fields.computeIfAbsent(seed.name() + "/" + file, k -> StructureFields.of(file, bytes));
        List<Mutant.Op> ops = new ArrayList<>();
        // Mostly one change, so that most mutants get past the first check and reach the code behind it.
        int roll = random.nextInt(20);
        int count = roll < 13 ? 1 : roll < 18 ? 2 : 3 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            ops.addAll(op(bytes, known));
        }
        return new Mutant(seed.name(), file, ops, random.nextInt(10) != 0);
    }

    private List<Mutant.Op> op(byte[] bytes, StructureFields known) {
        int kind = random.nextInt(100);
        if (kind < 55 && !known.fields().isEmpty()) {
            StructureFields.Field field = known.fields().get(random.nextInt(known.fields().size()));
            long current = read(bytes, field, known.bigEndian());
            byte[] value = encode(value(current, bytes.length), field.width(), known.bigEndian());
            if (field.twin() >= 0 && random.nextInt(3) != 0) {
                // Both copies alike, or the reader stops at their difference.
                return List.of(Mutant.Op.write(field.offset(), value), Mutant.Op.write(field.twin(), value));
            }
            return List.of(Mutant.Op.write(field.offset(), value));
        }
        return List.of(otherOp(bytes, known, kind));
    }

    private Mutant.Op otherOp(byte[] bytes, StructureFields known, int kind) {
        if (kind < 75 && !known.fields().isEmpty()) {
            StructureFields.Field field = known.fields().get(random.nextInt(known.fields().size()));
            byte[] noise = new byte[1 + random.nextInt(8)];
            random.nextBytes(noise);
            long at = Math.max(0, Math.min(bytes.length - noise.length, field.offset() + random.nextInt(16) - 4));
            return Mutant.Op.write(at, noise);
        }
        if (kind < 85) {
            long at = random.nextInt(3) == 0 ? bytes.length - 1 - random.nextInt(Math.min(bytes.length, 4096))
                    : random.nextInt((int) Math.min(bytes.length, 2 * MIB));
            return Mutant.Op.write(at, new byte[] {(byte) (bytes[(int) at] ^ (1 << random.nextInt(8)))});
        }
        if (kind < 92 && known.fields().size() > 1) {
            StructureFields.Field from = known.fields().get(random.nextInt(known.fields().size()));
            StructureFields.Field to = known.fields().get(random.nextInt(known.fields().size()));
            int length = (int) Math.max(1, Math.min(32, bytes.length - Math.max(from.offset(), to.offset())));
            byte[] copied = java.util.Arrays.copyOfRange(bytes, (int) from.offset(), (int) from.offset() + length);
            return Mutant.Op.write(to.offset(), copied);
        }
        if (kind < 96) {
            long[] sizes = {bytes.length - 512, bytes.length - 4096, bytes.length / 2, bytes.length + 512,
                bytes.length + MIB, bytes.length - 1, 4 * MIB - 1};
            return Mutant.Op.resize(Math.max(0, Math.min(MAX_SIZE, sizes[random.nextInt(sizes.length)])));
        }
        byte[] noise = new byte[1 + random.nextInt(4)];
        random.nextBytes(noise);
        return Mutant.Op.write(random.nextInt(bytes.length - noise.length), noise);
    }

    private long value(long current, long fileSize) {
        if (random.nextBoolean()) {
            // Near the valid value: most likely to pass the first checks and mislead the code after them.
            long[] near = {current + 1, current - 1, current + 512, current - 512, current + 4096, current - 4096,
                current + MIB, current - MIB, current * 2, current / 2, current ^ (1L << random.nextInt(64)),
                current + (random.nextInt(64) << 20), current | 6, current & ~7L};
            return near[random.nextInt(near.length)];
        }
        long[] interesting = {0, 1, -1, 2, 512, 4096, MIB, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 1L << 32,
            Long.MAX_VALUE, Long.MIN_VALUE, 0x7FFFFFFFFFFFF000L, -4096, -512, fileSize, fileSize - 512,
            fileSize + 4096, fileSize * 2, fileSize / MIB, 1L << 40, 64L << 40, 1L << 44, 1L << 63 | 6,
            random.nextLong(), random.nextInt(1 << 16)};
        return interesting[random.nextInt(interesting.length)];
    }

    private static long read(byte[] bytes, StructureFields.Field field, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int at = (int) field.offset();
        switch (field.width()) {
            case 1:
                return b.get(at) & 0xFF;
            case 2:
                return b.getShort(at) & 0xFFFF;
            case 4:
                return Integer.toUnsignedLong(b.getInt(at));
            default:
                return b.getLong(at);
        }
    }

    private static byte[] encode(long value, int width, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.allocate(8).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (width) {
            case 1:
                return new byte[] {(byte) value};
            case 2:
                b.putShort(0, (short) value);
                return java.util.Arrays.copyOf(b.array(), 2);
            case 4:
                b.putInt(0, (int) value);
                return java.util.Arrays.copyOf(b.array(), 4);
            default:
                return b.putLong(0, value).array();
        }
    }
}
