package org.vhdboot.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Valid input made hostile for the property tests of a parser: the seed with one to six edits, each a bit flipped, a
 * run cut, a run repeated, or a token of the format spliced in, so most mutants stay close enough to the format to get
 * past its first checks.
 */
public final class ByteMutants {
    private ByteMutants() {
    }

    /** Mutants of {@code seed}; {@code splices} are the format's tokens worth splicing in. */
    public static Arbitrary<byte[]> of(byte[] seed, List<String> splices) {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, seed.length), Arbitraries.integers().between(1, 64),
                Arbitraries.of(splices)).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
            byte[] bytes = seed.clone();
            for (Edit e : edits) {
                bytes = e.apply(bytes);
            }
            return bytes;
        });
    }

    private record Edit(int kind, int at, int length, String splice) {
        byte[] apply(byte[] in) {
            int where = Math.min(at, in.length);
            int span = Math.min(length, in.length - where);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(in, 0, where);
            switch (kind) {
                case 0 -> {
                    if (span > 0) {
                        out.write(in[where] ^ (1 << (length % 8)));
                        out.write(in, where + 1, in.length - where - 1);
                        return out.toByteArray();
                    }
                }
                case 1 -> {
                    out.write(in, where + span, in.length - where - span);
                    return out.toByteArray();
                }
                case 2 -> {
                    for (int i = 0; i < 1 + length % 4; i++) {
                        out.write(in, where, span);
                    }
                }
                default -> out.writeBytes(splice.getBytes(StandardCharsets.UTF_8));
            }
            out.write(in, where, in.length - where);
            return out.toByteArray();
        }
    }
}
