package org.vhdboot.bench;

import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.BlobSource;
import org.vhdboot.oci.Descriptor;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.TransportOptions;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Blob downloads from a loopback registry: vhdboot's client (in a warm JVM, verifying SHA-256 while it streams
 * into a part file) against curl fetching the same blob to a file, in alternation, round after round.
 * <pre>
 *   OciPull make FILE SIZE                      a file of random bytes (incompressible: transfer only)
 *   OciPull push AUTHORITY REPO FILE            pushes FILE as a blob; prints its digest
 *   OciPull paired AUTHORITY REPO DIGEST SIZE OUT_DIR ROUNDS     prints "name TAB median-ms TAB MB/s"
 *   OciPull fetch AUTHORITY REPO DIGEST SIZE PART                 one download (for peak RSS)
 * </pre>
 */
public final class OciPull {
    private static final int WARMUP_ROUNDS = 2;

    private OciPull() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Long.parseLong(args[2]));
            case "push" -> System.out.println(push(args[1], args[2], Path.of(args[3])));
            case "paired" -> paired(args[1], args[2], Digest.parse(args[3]), Long.parseLong(args[4]), Path.of(args[5]),
                    Integer.parseInt(args[6]));
            case "fetch" -> fetch(store(args[1], args[2]), blob(args[3], args[4]), Path.of(args[5]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void make(Path file, long size) throws Exception {
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < size; done += chunk.length) {
                random.nextBytes(chunk);
                out.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, size - done)));
            }
        }
    }

    static ArtifactStore store(String authority, String repository) throws Exception {
        return ArtifactStore.open(OciReference.parse("oci://" + authority + "/" + repository + ":bench"),
                TransportOptions.defaults().withPlainHttp(TransportOptions.PlainHttp.LOOPBACK_ONLY));
    }

    private static Descriptor blob(String digest, String size) throws Exception {
        return Descriptor.of("application/octet-stream", Digest.parse(digest), Long.parseLong(size));
    }

    private static Digest push(String authority, String repository, Path file) throws Exception {
        MessageDigest sha = Digest.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                sha.update(buffer, 0, read);
            }
        }
        Digest digest = Digest.fromHash(sha.digest());
        try (ArtifactStore store = store(authority, repository)) {
            store.pushBlob(Descriptor.of("application/octet-stream", digest, Files.size(file)), BlobSource.of(file),
                    Optional.empty(), TransferListener.NONE);
        }
        return digest;
    }

    private static double fetch(ArtifactStore store, Descriptor blob, Path part) throws Exception {
        Files.deleteIfExists(part);
        long started = System.nanoTime();
        store.fetchBlob(blob, part, TransferListener.NONE);
        return (System.nanoTime() - started) / 1e6;
    }

    private static double curl(String url, Path out) throws Exception {
        Files.deleteIfExists(out);
        long started = System.nanoTime();
        Process process = new ProcessBuilder("curl", "-s", "-f", "-o", out.toString(), url)
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("curl failed for " + url);
        }
        return (System.nanoTime() - started) / 1e6;
    }

    private static void paired(String authority, String repository, Digest digest, long size, Path outDir, int rounds)
            throws Exception {
        String url = "http://" + authority + "/v2/" + repository + "/blobs/" + digest;
        List<Double> ours = new ArrayList<>();
        List<Double> peer = new ArrayList<>();
        try (ArtifactStore store = store(authority, repository)) {
            Descriptor blob = Descriptor.of("application/octet-stream", digest, size);
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                double curlMillis = curl(url, outDir.resolve("curl.out"));
                double ourMillis = fetch(store, blob, outDir.resolve("ours.part"));
                if (round >= WARMUP_ROUNDS) {
                    peer.add(curlMillis);
                    ours.add(ourMillis);
                }
            }
        }
        Files.deleteIfExists(outDir.resolve("curl.out"));
        Files.deleteIfExists(outDir.resolve("ours.part"));
        print("ours", median(ours), size);
        print("curl", median(peer), size);
    }

    private static void print(String name, double millis, long size) {
        System.out.printf(Locale.ROOT, "%s\t%.1f\t%.0f%n", name, millis, size / 1e6 / (millis / 1e3));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
