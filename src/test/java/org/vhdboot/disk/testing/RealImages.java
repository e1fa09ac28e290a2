package org.vhdboot.disk.testing;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The images other programs wrote, kept outside the repository in the folder named by
 * {@code $VHDBOOT_REAL_IMAGES} (default {@code /work/shared/real-images}). They are stored as upstream keeps
 * them: plain, {@code .bz2}, or FreeBSD's {@code .gz.uu} (uuencoded gzip of {@code hexdump -C} output).
 * Each is decoded once into {@code target/real-images}, kept sparse, and checked against the sha256 the
 * folder's README gives for the decoded image.
 */
public final class RealImages {
    private static final Pattern ROW = Pattern.compile("^\\| ([^ |]+) \\|.*\\| ([0-9a-f]{64})(?: / ([0-9a-f]{64}))?"
            + "(?: \\(both\\))? \\|$");
    private static final int CHUNK = 64 * 1024;

    /** One stored file and the sha256 its decoded image must have. */
    public record Fixture(String stored, String sha256) {
        /** The decoded file's name: the stored name without its encoding, {@code .vhdf} (a fixed VHD) as {@code .vhd}. */
        public String decodedName() {
            String name = stored.replaceAll("\\.(bz2|gz\\.uu)$", "");
            return name.endsWith(".vhdf") ? name.substring(0, name.length() - 1) : name;
        }

        @Override
        public String toString() {
            return decodedName();
        }
    }

    private RealImages() {
    }

    public static Optional<Path> folder() {
        String configured = System.getenv("VHDBOOT_REAL_IMAGES");
        Path folder = Path.of(configured != null ? configured : "/work/shared/real-images");
        return Files.isRegularFile(folder.resolve("README.md")) ? Optional.of(folder) : Optional.empty();
    }

    /** The fixtures the README lists, in its order; empty when the folder is not here. */
    public static List<Fixture> fixtures() throws IOException {
        List<Fixture> fixtures = new ArrayList<>();
        if (folder().isEmpty()) {
            return fixtures;
        }
        for (String line : Files.readAllLines(folder().get().resolve("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                fixtures.add(new Fixture(row.group(1), row.group(3) != null ? row.group(3) : row.group(2)));
            }
        }
        return fixtures;
    }

    /**
     * The decoded image of {@code fixture}, decoded on first use; its sha256 is checked when it is made. Test
     * forks share the cache, so each decodes into its own temporary file and renames the checked image into
     * place: no fork ever reads another's half-written image.
     */
    public static synchronized Path decoded(Fixture fixture) throws IOException {
        Path cache = Path.of("target", "real-images").toAbsolutePath();
        Path image = cache.resolve(fixture.decodedName());
        Path verified = cache.resolve(fixture.decodedName() + ".sha256");
        if (Files.exists(image) && Files.exists(verified) && Files.readString(verified).equals(fixture.sha256())) {
            return image;
        }
        Files.createDirectories(cache);
        Path partial = Files.createTempFile(cache, fixture.decodedName() + ".", ".part");
        try {
            decodeInto(fixture, partial);
            String actual = FileDigests.sha256(partial);
            if (!actual.equals(fixture.sha256())) {
                throw new IOException(fixture.stored() + " decodes to sha256 " + actual + ", not " + fixture.sha256());
            }
            Files.move(partial, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path mark = Files.createTempFile(cache, fixture.decodedName() + ".", ".sha256.part");
            Files.writeString(mark, actual);
            Files.move(mark, verified, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return image;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void decodeInto(Fixture fixture, Path image) throws IOException {
        Path stored = folder().orElseThrow().resolve(fixture.stored());
        if (fixture.stored().endsWith(".bz2")) {
            try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(stored))) {
                writeSparse(in, image);
            }
        } else if (fixture.stored().endsWith(".gz.uu")) {
            unHexdump(new GZIPInputStream(new java.io.ByteArrayInputStream(uudecode(stored))), image);
        } else {
            try (InputStream in = Files.newInputStream(stored)) {
                writeSparse(in, image);
            }
        }
    }

    /** Copies {@code in} to a new file, leaving all-zero 64 KiB chunks as holes. */
    private static void writeSparse(InputStream in, Path image) throws IOException {
        try (FileChannel out = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] chunk = new byte[CHUNK];
            long at = 0;
            int n;
            while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
                writeUnlessZero(out, at, chunk, n);
                at += n;
            }
            setLength(out, at);
        }
    }

    private static void writeUnlessZero(FileChannel out, long at, byte[] bytes, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != 0) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                while (buffer.hasRemaining()) {
                    out.write(buffer, at + buffer.position());
                }
                return;
            }
        }
    }

    private static void setLength(FileChannel out, long size) throws IOException {
        if (out.size() < size) {
            out.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    /** The bytes of a uuencoded file: after {@code begin}, each line is a length character and 6-bit groups. */
    static byte[] uudecode(Path file) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean inBody = false;
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (!inBody) {
                inBody = line.startsWith("begin ");
                continue;
            }
            if (line.equals("end") || line.isEmpty()) {
                break;
            }
            int length = (line.charAt(0) - 32) & 63;
            byte[] decoded = new byte[length + 3];
            int n = 0;
            for (int i = 1; n < length; i += 4) {
                int group = 0;
                for (int j = 0; j < 4; j++) {
                    char c = i + j < line.length() ? line.charAt(i + j) : ' ';
                    group = group << 6 | ((c - 32) & 63);
                }
                decoded[n++] = (byte) (group >> 16);
                decoded[n++] = (byte) (group >> 8);
                decoded[n++] = (byte) group;
            }
            out.write(decoded, 0, length);
        }
        return out.toByteArray();
    }

    /**
     * Rebuilds a file from {@code hexdump -C} output: offset, up to 16 hex bytes, the text column; a line "*"
     * repeats the line before it up to the next offset, and the last line is the file's length.
     */
    static void unHexdump(InputStream dump, Path image) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(dump, StandardCharsets.US_ASCII));
             FileChannel out = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] previous = new byte[0];
            boolean repeat = false;
            long end = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("*")) {
                    repeat = true;
                    continue;
                }
                String[] fields = line.split("\\|", 2)[0].trim().split("\\s+");
                long offset = Long.parseLong(fields[0], 16);
                for (long at = end; repeat && at < offset; at += previous.length) {
                    writeUnlessZero(out, at, previous, previous.length);
                }
                repeat = false;
                byte[] bytes = new byte[fields.length - 1];
                for (int i = 1; i < fields.length; i++) {
                    bytes[i - 1] = (byte) Integer.parseInt(fields[i], 16);
                }
                writeUnlessZero(out, offset, bytes, bytes.length);
                previous = bytes;
                end = offset + bytes.length;
            }
            setLength(out, end);
        }
    }

    public static void main(String[] args) throws IOException {
        for (Fixture fixture : fixtures()) {
            System.out.println(decoded(fixture));
        }
    }
}
