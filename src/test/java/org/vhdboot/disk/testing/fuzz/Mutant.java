package org.vhdboot.disk.testing.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A seed case with byte-level changes to one of its files: writes at offsets, a new size, and whether the
 * checksums are recomputed afterwards (so the change gets past the checksum gates). Its text form is a
 * regression seed: {@code case}, {@code file}, then {@code write OFFSET HEX}, {@code size N} and
 * {@code checksums} lines; {@code #} starts a comment.
 */
public record Mutant(String caseName, String file, List<Op> ops, boolean fixChecksums) {

    /** One change: bytes written at an offset (a write past the end grows the file), or a new file size. */
    public record Op(long offset, byte[] bytes, long size) {
        static Op write(long offset, byte[] bytes) {
            return new Op(offset, bytes, -1);
        }

        static Op resize(long size) {
            return new Op(-1, null, size);
        }

        @Override
        public String toString() {
            return bytes == null ? "size " + size : "write " + offset + " " + HexFormat.of().formatHex(bytes);
        }
    }

    public Mutant {
        ops = List.copyOf(ops);
    }

    public Mutant withOps(List<Op> fewer) {
        return new Mutant(caseName, file, fewer, fixChecksums);
    }

    /** The mutated copy of {@code original}, which stays as it was. */
    byte[] apply(byte[] original) {
        byte[] bytes = original.clone();
        for (Op op : ops) {
            if (op.bytes() == null) {
                bytes = Arrays.copyOf(bytes, (int) op.size());
            } else {
                int end = (int) (op.offset() + op.bytes().length);
                if (end > bytes.length) {
                    bytes = Arrays.copyOf(bytes, end);
                }
                System.arraycopy(op.bytes(), 0, bytes, (int) op.offset(), op.bytes().length);
            }
        }
        if (fixChecksums) {
            ChecksumFixer.fix(bytes, file);
        }
        return bytes;
    }

    public String toRecipe() {
        StringBuilder text = new StringBuilder("case " + caseName + "\nfile " + file + "\n");
        ops.forEach(op -> text.append(op).append('\n'));
        if (fixChecksums) {
            text.append("checksums\n");
        }
        return text.toString();
    }

    public static Mutant fromRecipe(String recipe) {
        String caseName = null;
        String file = null;
        List<Op> ops = new ArrayList<>();
        boolean checksums = false;
        for (String line : recipe.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "case" -> caseName = words[1];
                case "file" -> file = words[1];
                case "write" -> ops.add(Op.write(Long.parseLong(words[1]), HexFormat.of().parseHex(words[2])));
                case "size" -> ops.add(Op.resize(Long.parseLong(words[1])));
                case "checksums" -> checksums = true;
                default -> throw new IllegalArgumentException("unknown recipe line: " + line);
            }
        }
        return new Mutant(caseName, file, ops, checksums);
    }
}
