package org.vhdboot.bench;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads against qemu-img, and deep chains against shallow ones, in alternation: each round reads the whole
 * disk in process through vhdboot (raw file, depth 0, 1 and 127 of each chain) and runs `qemu-img bench` on
 * the raw file and the depth-0 image, which times its own reads. Taking them side by side, round after round,
 * keeps a shared machine's drift out of the ratios.
 * <pre>
 *   PairedRead CHAIN_DIR CHAIN_4K_DIR ROUNDS     prints "name TAB median-ms" lines
 * </pre>
 */
public final class PairedRead {
    private static final int CHUNK = 4 << 20;
    private static final int WARMUP_ROUNDS = 3;
    private static final Pattern COMPLETED = Pattern.compile("Run completed in ([0-9.]+) seconds");

    private PairedRead() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path dir4k = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        DiskImages images = new DiskImages();
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        try (Chain raw = images.open(dir.resolve("parent.raw"), false);
             Chain depth0 = images.open(dir.resolve("parent.vhdx"), false);
             Chain depth1 = images.open(dir.resolve(Fixtures.childName(1)), false);
             Chain depth127 = images.open(dir.resolve(Fixtures.childName(127)), false);
             Chain small1 = images.open(dir4k.resolve(Fixtures.childName(1)), false);
             Chain small127 = images.open(dir4k.resolve(Fixtures.childName(127)), false)) {
            ByteBuffer buffer = BenchDir.pageAligned(CHUNK);
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                boolean counted = round >= WARMUP_ROUNDS;
                record(samples, counted, "ours raw", readAll(raw, buffer));
                record(samples, counted, "qemu-img raw", qemuBench("raw", dir.resolve("parent.raw")));
                record(samples, counted, "ours depth 0", readAll(depth0, buffer));
                record(samples, counted, "qemu-img depth 0", qemuBench("vhdx", dir.resolve("parent.vhdx")));
                record(samples, counted, "ours depth 1", readAll(depth1, buffer));
                record(samples, counted, "ours depth 127", readAll(depth127, buffer));
                record(samples, counted, "ours depth 1, 4 KiB runs", readAll(small1, buffer));
                record(samples, counted, "ours depth 127, 4 KiB runs", readAll(small127, buffer));
            }
        }
        for (Map.Entry<String, List<Double>> entry : samples.entrySet()) {
            System.out.printf(java.util.Locale.ROOT, "%s\t%.2f%n", entry.getKey(), median(entry.getValue()));
        }
    }

    private static void record(Map<String, List<Double>> samples, boolean counted, String name, double millis) {
        if (counted) {
            samples.computeIfAbsent(name, n -> new ArrayList<>()).add(millis);
        }
    }

    private static double readAll(Chain chain, ByteBuffer buffer) throws IOException {
        long started = System.nanoTime();
        for (long at = 0; at < chain.size(); at += CHUNK) {
            buffer.clear().limit((int) Math.min(CHUNK, chain.size() - at));
            chain.read(at, buffer);
        }
        return (System.nanoTime() - started) / 1e6;
    }

    /** The same reads by qemu-img, one 4 MiB request at a time, as timed by qemu-img itself. */
    private static double qemuBench(String format, Path image) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("qemu-img", "bench", "-f", format, "-c", "256", "-s", "4M", "-d", "1",
                "-t", "writeback", image.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("qemu-img bench failed: " + output);
        }
        Matcher matcher = COMPLETED.matcher(output);
        if (!matcher.find()) {
            throw new IOException("unexpected qemu-img bench output: " + output);
        }
        return Double.parseDouble(matcher.group(1)) * 1000;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
