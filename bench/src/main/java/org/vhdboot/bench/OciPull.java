package org.vhdboot.bench;

import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.BlobSource;
import org.vhdboot.oci.Descriptor;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.TransportOptions;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
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
 *   OciPull paired AUTHORITY REPO DIGEST SIZE OUT_DIR ROUNDS [REGISTRY_PID]
 *       prints "name TAB median-ms TAB MB/s TAB CPU-ms TAB registry-CPU-ms" for ours and curl (CPU medians per fetch:
 *       this JVM's, curl's user+system from /usr/bin/time, the registry's from /proc; -1 where not measured),
 *       "pairs TAB ratio" (the median over rounds of curl's time / ours in that round: the two fetches of a round
 *       share its moment on a machine whose other tenants come and go, and they take turns going first), then
 *       "sha256 TAB ms" for hashing SIZE bytes in memory: what a verifying client cannot do without
 *   OciPull fetch AUTHORITY REPO DIGEST SIZE PART                 one download (for peak RSS)
 * </pre>
 */
public final class OciPull {
    private static final int WARMUP_ROUNDS = 2;
    /** USER_HZ: the unit of /proc/PID/stat's CPU times on Linux. */
    private static final double CLOCK_TICKS = 100;

    private OciPull() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Long.parseLong(args[2]));
            case "push" -> System.out.println(push(args[1], args[2], Path.of(args[3])));
            case "paired" -> paired(args[1], args[2], Digest.parse(args[3]), Long.parseLong(args[4]), Path.of(args[5]),
                    Integer.parseInt(args[6]), args.length > 7 ? Long.parseLong(args[7]) : -1);
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

    /** One curl fetch: its wall time, and its CPU time (user + system) as /usr/bin/time saw it. */
    private record CurlRun(double millis, double cpuMillis) {
    }

    private static CurlRun curl(String url, Path out) throws Exception {
        Files.deleteIfExists(out);
        Path times = out.resolveSibling("curl.time");
        long started = System.nanoTime();
        Process process = new ProcessBuilder("/usr/bin/time", "-f", "%U %S", "-o", times.toString(),
                "curl", "-s", "-f", "-o", out.toString(), url).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("curl failed for " + url);
        }
        double millis = (System.nanoTime() - started) / 1e6;
        String[] cpu = Files.readString(times).trim().split("\\s+");
        Files.delete(times);
        return new CurlRun(millis, 1000 * (Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1])));
    }

    /** CPU time of process {@code pid} so far (user + system, from /proc), in ms; -1 without a pid. */
    private static double cpuMillisOf(long pid) throws Exception {
        if (pid < 0) {
            return -1;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000.0 / CLOCK_TICKS;
    }

    private static double ownCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }

    /** SHA-256 of {@code size} bytes in memory, in ms (median of 3): the part of a verified fetch curl does not do. */
    private static double sha256Millis(long size) throws Exception {
        byte[] chunk = new byte[256 << 10];
        new Random(7).nextBytes(chunk);
        List<Double> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            MessageDigest sha = Digest.newSha256();
            long started = System.nanoTime();
            for (long done = 0; done < size; done += chunk.length) {
                sha.update(chunk, 0, (int) Math.min(chunk.length, size - done));
            }
            sha.digest();
            runs.add((System.nanoTime() - started) / 1e6);
        }
        return median(runs);
    }

    private static void paired(String authority, String repository, Digest digest, long size, Path outDir, int rounds,
                               long registryPid) throws Exception {
        String url = "http://" + authority + "/v2/" + repository + "/blobs/" + digest;
        Samples ours = new Samples();
        Samples peer = new Samples();
        List<Double> ratios = new ArrayList<>();
        try (ArtifactStore store = store(authority, repository)) {
            Descriptor blob = Descriptor.of("application/octet-stream", digest, size);
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                Fetch ourFetch;
                Fetch curlFetch;
                if (round % 2 == 0) {
                    curlFetch = curlFetch(url, outDir, registryPid);
                    ourFetch = ourFetch(store, blob, outDir, registryPid);
                } else {
                    ourFetch = ourFetch(store, blob, outDir, registryPid);
                    curlFetch = curlFetch(url, outDir, registryPid);
                }
                if (round >= WARMUP_ROUNDS) {
                    peer.add(curlFetch.millis(), curlFetch.cpuMillis(), curlFetch.registryCpuMillis());
                    ours.add(ourFetch.millis(), ourFetch.cpuMillis(), ourFetch.registryCpuMillis());
                    ratios.add(curlFetch.millis() / ourFetch.millis());
                }
            }
        }
        freeOutputs(outDir);
        print("ours", ours, size, registryPid >= 0);
        print("curl", peer, size, registryPid >= 0);
        System.out.printf(Locale.ROOT, "pairs\t%.3f%n", median(ratios));
        System.out.printf(Locale.ROOT, "sha256\t%.1f%n", sha256Millis(size));
    }

    /**
     * Every fetch starts with neither side's output in tmpfs: this VM's host backs guest memory lazily, and a fetch
     * writing while the other's 1 GiB was still there paid host faults (a 1 GiB write took 0.6-3 s instead of 0.2).
     */
    private static void freeOutputs(Path outDir) throws IOException {
        Files.deleteIfExists(outDir.resolve("curl.out"));
        Files.deleteIfExists(outDir.resolve("ours.part"));
    }

    /** One fetch: its wall time, the fetching process's CPU and the registry's CPU meanwhile, in ms. */
    private record Fetch(double millis, double cpuMillis, double registryCpuMillis) {
    }

    private static Fetch curlFetch(String url, Path outDir, long registryPid) throws Exception {
        freeOutputs(outDir);
        double registryBefore = cpuMillisOf(registryPid);
        CurlRun curl = curl(url, outDir.resolve("curl.out"));
        return new Fetch(curl.millis(), curl.cpuMillis(), cpuMillisOf(registryPid) - registryBefore);
    }

    private static Fetch ourFetch(ArtifactStore store, Descriptor blob, Path outDir, long registryPid)
            throws Exception {
        // Freeing the last round's 1 GiB costs 0.1-0.2 CPU-s, which curl's figure does not carry either.
        freeOutputs(outDir);
        double registryBefore = cpuMillisOf(registryPid);
        double ownBefore = ownCpuMillis();
        double millis = fetch(store, blob, outDir.resolve("ours.part"));
        double ownCpu = ownCpuMillis() - ownBefore;
        return new Fetch(millis, ownCpu, cpuMillisOf(registryPid) - registryBefore);
    }

    /** Per-round wall time, the client's CPU and the registry's CPU, in ms. */
    private static final class Samples {
        final List<Double> millis = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> registryCpu = new ArrayList<>();

        void add(double wall, double clientCpu, double registry) {
            millis.add(wall);
            cpu.add(clientCpu);
            registryCpu.add(registry);
        }
    }

    private static void print(String name, Samples samples, long size, boolean registryMeasured) {
        double millis = median(samples.millis);
        System.out.printf(Locale.ROOT, "%s\t%.1f\t%.0f\t%.0f\t%.0f%n", name, millis, size / 1e6 / (millis / 1e3),
                median(samples.cpu), registryMeasured ? median(samples.registryCpu) : -1);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
