package org.vhdboot.bench;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.LayerCompression;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Layer compression candidates on a realistic layer (bench/oci-ntfs-fixture.sh: an NTFS volume of real files in a
 * VHDX): ratio, compression and decompression speed, one thread each, on the same sample.
 * <pre>
 *   OciCompression sample VHDX SLICES SLICE_MIB     "codec TAB ratio TAB compress MB/s TAB decompress MB/s"
 *   OciCompression stream VHDX                      vhdboot's own streams over the whole file (for peak RSS)
 * </pre>
 */
public final class OciCompression {
    private OciCompression() {
    }

    private interface Codec {
        OutputStream compressing(OutputStream out) throws IOException;

        InputStream decompressing(InputStream in) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("stream")) {
            stream(Path.of(args[1]));
            return;
        }
        byte[] sample = sample(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]) << 20);
        measure("zstd -1", zstd(1, 0), sample);
        measure("zstd -3 (vhdboot)", zstd(3, 0), sample);
        measure("zstd -3, 2 threads", zstd(3, 2), sample);
        measure("zstd -9", zstd(9, 0), sample);
        measure("zstd -19", zstd(19, 0), sample);
        measure("xz -1", xz(1), sample);
        measure("xz -6", xz(6), sample);
    }

    /** SLICES evenly spaced pieces of the file, so the sample sees libraries, documents and free space alike. */
    private static byte[] sample(Path file, int slices, int sliceBytes) throws IOException {
        byte[] sample = new byte[slices * sliceBytes];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long stride = (in.length() - sliceBytes) / Math.max(1, slices - 1);
            for (int i = 0; i < slices; i++) {
                in.seek(i * stride);
                in.readFully(sample, i * sliceBytes, sliceBytes);
            }
        }
        return sample;
    }

    private static Codec zstd(int level, int workers) {
        return new Codec() {
            @Override
            public OutputStream compressing(OutputStream out) throws IOException {
                ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, level);
                if (workers > 0) {
                    zstd.setWorkers(workers);
                }
                return zstd;
            }

            @Override
            public InputStream decompressing(InputStream in) throws IOException {
                return new ZstdInputStreamNoFinalizer(in);
            }
        };
    }

    private static Codec xz(int preset) {
        return new Codec() {
            @Override
            public OutputStream compressing(OutputStream out) throws IOException {
                return new XZOutputStream(out, new LZMA2Options(preset));
            }

            @Override
            public InputStream decompressing(InputStream in) throws IOException {
                return new XZInputStream(in, 256 << 10);
            }
        };
    }

    private static void measure(String name, Codec codec, byte[] sample) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(sample.length / 2);
        long started = System.nanoTime();
        try (OutputStream out = codec.compressing(compressed)) {
            for (int at = 0; at < sample.length; at += 1 << 20) {
                out.write(sample, at, Math.min(1 << 20, sample.length - at));
            }
        }
        double compressSeconds = (System.nanoTime() - started) / 1e9;
        byte[] packed = compressed.toByteArray();
        compressed = null;
        MessageDigest check = Digest.newSha256();
        byte[] buffer = new byte[1 << 20];
        started = System.nanoTime();
        long total = 0;
        try (InputStream in = codec.decompressing(new ByteArrayInputStream(packed))) {
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                check.update(buffer, 0, read);
                total += read;
            }
        }
        double decompressSeconds = (System.nanoTime() - started) / 1e9;
        if (total != sample.length || !Digest.fromHash(check.digest()).equals(Digest.of(sample))) {
            throw new IllegalStateException(name + " did not round-trip");
        }
        System.out.printf(Locale.ROOT, "%s\t%.3f\t%.0f\t%.0f%n", name, (double) packed.length / sample.length,
                sample.length / 1e6 / compressSeconds, sample.length / 1e6 / decompressSeconds);
    }

    /** Compresses the whole file through vhdboot's streams into FILE.zst beside it, then decompresses and checks it. */
    private static void stream(Path file) throws IOException {
        Path packed = file.resolveSibling(file.getFileName() + ".zst");
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = LayerCompression.ZSTD.compressing(Files.newOutputStream(packed))) {
            in.transferTo(out);
        }
        double compressSeconds = (System.nanoTime() - started) / 1e9;
        MessageDigest check = Digest.newSha256();
        byte[] buffer = new byte[1 << 20];
        started = System.nanoTime();
        try (InputStream in = LayerCompression.ZSTD.decompressing(Files.newInputStream(packed))) {
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                check.update(buffer, 0, read);
            }
        }
        double decompressSeconds = (System.nanoTime() - started) / 1e9;
        MessageDigest original = Digest.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                original.update(buffer, 0, read);
            }
        }
        if (!java.util.Arrays.equals(check.digest(), original.digest())) {
            throw new IllegalStateException("the whole file did not round-trip");
        }
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "%d\t%d\t%.3f\t%.0f\t%.0f%n", size, Files.size(packed),
                (double) Files.size(packed) / size, size / 1e6 / compressSeconds, size / 1e6 / decompressSeconds);
        Files.delete(packed);
    }
}
