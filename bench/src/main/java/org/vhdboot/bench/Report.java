package org.vhdboot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's raw results (hyperfine and JMH JSON, TSV files) into bench/results.md. Every ratio divides
 * two medians from the same run; "ours / peer" below 1 means vhdboot was faster or smaller.
 * <pre>
 *   write RESULTS_DIR OUTPUT.md
 *   field NAME        prints layers[0].NAME of `vhd info --json` read from stdin
 * </pre>
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LAYOUTS = {"vhdx-1g", "vhdx-127g", "vhdx-2t", "vhd-1g", "vhd-127g", "vhd-2t"};
    private static final double RESET_IN_PROCESS_GOAL_MS = 50;
    private static final double RESET_WHOLE_GOAL_MS = 1000;
    private static final double MEMORY_GOAL_MB = 256;

    private final Path dir;
    private final StringBuilder md = new StringBuilder();

    private Report(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("write")) {
            Report report = new Report(Path.of(args[1]));
            Files.writeString(Path.of(args[2]), report.render(), StandardCharsets.UTF_8);
        } else if (args.length == 2 && args[0].equals("field")) {
            System.out.println(JSON.readTree(System.in).path("layers").path(0).path(args[1]).asText());
        } else {
            System.err.println("usage: Report write RESULTS_DIR OUTPUT.md | field NAME < info.json");
            System.exit(2);
        }
    }

    private String render() throws IOException {
        Map<String, String> machine = keyValues(dir.resolve("machine.txt"));
        md.append("# vhdboot benchmarks: results of one run\n\n");
        md.append("Written by `").append(machine.get("command")).append("` in ").append(machine.get("seconds"))
                .append(" s at commit ").append(machine.get("commit")).append(". Every figure is a median; every")
                .append(" ratio divides two medians from this same run (ours / peer: below 1 means vhdboot was")
                .append(" faster or smaller).\n\n");
        md.append("| machine | |\n|---|---|\n");
        for (String key : List.of("cpu", "memory", "os", "java", "qemu-img", "hyperfine", "disk", "shm")) {
            md.append("| ").append(key).append(" | ").append(machine.get(key)).append(" |\n");
        }
        reset();
        chainReads();
        conversion();
        memory();
        return md.toString();
    }

    private void reset() throws IOException {
        md.append("\n## 1. Reset latency\n\n");
        md.append("Parents with 1 GiB written, on disk (`").append("VHDBOOT_BENCH_DIR").append("`). In process: JMH")
                .append(" `ResetBenchmark`, the whole `ResetOperation` in a warm JVM (checks, journal, new child")
                .append(" made durable, atomic rename, ini and log). Whole process: `vhdboot reset --yes`, 10 runs in rounds alternating with the peer.")
                .append(" Peer: `qemu-img create` of the same virtual size (metadata only, and it does not fsync).\n\n");
        md.append("| image | in process | whole process | without AppCDS | qemu-img create | ours / qemu-img | AppCDS saves |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> inProcess = jmhMedians("jmh-reset.json", "layout");
        double worstInProcess = 0;
        double bestInProcess = Double.MAX_VALUE;
        double worstWhole = 0;
        for (String layout : LAYOUTS) {
            Map<String, Double> whole = hyperfineMedians("reset-" + layout + ".json");
            double ours = whole.get("ours");
            double plain = whole.get("ours-no-appcds");
            double peer = whole.get("qemu-img");
            double in = inProcess.getOrDefault(layout, Double.NaN);
            worstInProcess = Math.max(worstInProcess, in);
            bestInProcess = Math.min(bestInProcess, in);
            worstWhole = Math.max(worstWhole, ours);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %s |\n", imageName(layout), ms(in),
                    ms(ours), ms(plain), ms(peer), ours / peer, ms(plain - ours)));
        }
        md.append("\nGoals: in process under 50 ms and flat across sizes: ")
                .append(verdict(worstInProcess < RESET_IN_PROCESS_GOAL_MS))
                .append(String.format(Locale.ROOT, " (%.1f to %.1f ms); whole process under 1 s: ",
                        bestInProcess, worstInProcess))
                .append(verdict(worstWhole < RESET_WHOLE_GOAL_MS))
                .append(String.format(Locale.ROOT, " (at most %.0f ms).\n", worstWhole));
    }

    private void chainReads() throws IOException {
        md.append("\n## 2. Reading through a chain\n\n");
        md.append("A fully allocated 1 GiB dynamic VHDX parent (random data) and 127 children, each rewriting a")
                .append(" scattered 1% of the sectors in 64 KiB runs at random places (a second chain uses 4 KiB")
                .append(" runs, the worst case). All on tmpfs, so the page cache is the source.\n\n");
        md.append("**In process**: JMH `ChainReadBenchmark` reads the whole disk in 4 MiB reads into a")
                .append(" page-aligned buffer, as the converter does. Limit: `cat` of the raw file to /dev/null.\n\n");
        Map<String, Double> read = hyperfineMedians("read.json");
        double cat = read.get("cat");
        Map<String, Double> chain = jmhMedians("jmh-chain.json", "depth");
        Map<String, Double> chain4k = jmhMedians("jmh-chain-4k.json", "depth");
        Map<String, Double> paired = keyValuesTsv(dir.resolve("paired-read.tsv"));
        double qemuVhdx = paired.get("qemu-img depth 0");
        double qemuRaw = paired.get("qemu-img raw");
        double depth1 = chain.get("1");
        md.append("qemu-img cannot open a VHDX child: every depth is set against its read of the depth-0 image (from")
                .append(" the side-by-side rounds below), the raw file against its read of the raw file.\n\n");
        md.append("| chain | ours | GiB/s | qemu-img bench | ours / qemu-img | % of cat limit | / depth 1 |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        double slowest = 0;
        for (Map.Entry<String, Double> row : chain.entrySet()) {
            boolean raw = row.getKey().equals("raw");
            chainRow(raw ? "raw file (no VHDX)" : "depth " + row.getKey(), row.getValue(), raw ? qemuRaw : qemuVhdx,
                    cat, depth1);
            slowest = Math.max(slowest, row.getValue());
        }
        for (Map.Entry<String, Double> row : chain4k.entrySet()) {
            chainRow("depth " + row.getKey() + ", 4 KiB runs", row.getValue(), qemuVhdx, cat, chain4k.get("1"));
        }
        md.append(String.format(Locale.ROOT, "| limit: cat > /dev/null | %s | %.2f | | | 100%% | |\n", ms(cat),
                gibPerSecond(cat)));

        md.append("\n**Side by side with qemu-img**: `bench/.../PairedRead` alternates, 15 rounds after 3 of")
                .append(" warm-up, a whole-disk read in process with `qemu-img bench -d 1 -s 4M -t writeback` of the")
                .append(" same file (4 MiB reads one at a time, timed by qemu-img itself), so both see the same")
                .append(" moments of a shared machine. qemu-img cannot open a VHDX child, so depth 1 is compared")
                .append(" with its depth 0.\n\n");
        md.append("| image | ours | qemu-img bench | ours / qemu-img |\n|---|---:|---:|---:|\n");
        pairedRow("raw file", paired.get("ours raw"), paired.get("qemu-img raw"));
        pairedRow("depth 0", paired.get("ours depth 0"), paired.get("qemu-img depth 0"));
        pairedRow("depth 1 (qemu-img: depth 0)", paired.get("ours depth 1"), paired.get("qemu-img depth 0"));
        md.append("\nThe same rounds read depth 127 right after depth 1, for the depth goal:\n\n");
        md.append("| chain | depth 1 | depth 127 | depth 127 / depth 1 |\n|---|---:|---:|---:|\n");
        double deep = paired.get("ours depth 127") / paired.get("ours depth 1");
        double deep4k = paired.get("ours depth 127, 4 KiB runs") / paired.get("ours depth 1, 4 KiB runs");
        md.append(String.format(Locale.ROOT, "| 64 KiB runs | %s | %s | %.2f |\n", ms(paired.get("ours depth 1")),
                ms(paired.get("ours depth 127")), deep));
        md.append(String.format(Locale.ROOT, "| 4 KiB runs | %s | %s | %.2f |\n",
                ms(paired.get("ours depth 1, 4 KiB runs")), ms(paired.get("ours depth 127, 4 KiB runs")), deep4k));

        md.append("\n**Whole process**: `vhdboot vhd convert CHILD out.raw` onto tmpfs, JVM start included, against")
                .append(" `qemu-img convert -O raw` of the depth-0 image (qemu-img cannot open VHDX differencing")
                .append(" images) and `cat` of the raw file onto tmpfs.\n\n");
        Map<String, Double> convert = hyperfineMedians("convert-chain.json");
        double qemu = convert.get("qemu-img");
        double copy = convert.get("cat");
        md.append("| chain | ours | qemu-img convert, depth 0 | ours / qemu-img | % of cat limit | / depth 1 |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (String depth : List.of("0", "1", "8", "32", "127")) {
            double ours = convert.get("ours-" + depth);
            md.append(String.format(Locale.ROOT, "| depth %s | %s | %s | %.2f | %.0f%% | %.2f |\n", depth, ms(ours),
                    ms(qemu), ours / qemu, 100 * copy / ours, ours / convert.get("ours-1")));
        }
        md.append(String.format(Locale.ROOT, "| limit: cat to tmpfs | %s | | | 100%% | |\n", ms(copy)));
        md.append("\nCorrectness: ").append(Files.readString(dir.resolve("chain-check.txt")).trim()).append(".\n");
        md.append("\nGoals: depth 0 and 1 at least as fast as qemu-img in process: ")
                .append(verdict(paired.get("ours depth 0") <= paired.get("qemu-img depth 0")
                        && paired.get("ours depth 1") <= paired.get("qemu-img depth 0")))
                .append("; depth 127 within 15% of depth 1: ")
                .append(verdict(deep <= 1.15))
                .append(String.format(Locale.ROOT, " (side by side %+.0f%%, JMH %+.0f%%; with 4 KiB runs %+.0f%%)",
                        100 * (deep - 1), 100 * (chain.get("127") / depth1 - 1), 100 * (deep4k - 1)))
                .append("; at least 50% of the cat limit in process at every depth of the 64 KiB chain: ")
                .append(verdict(cat / slowest >= 0.5))
                .append(String.format(Locale.ROOT, " (slowest %.0f%%).\n", 100 * cat / slowest));
    }

    private void pairedRow(String name, double ours, double peer) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f |\n", name, ms(ours), ms(peer), ours / peer));
    }

    private void chainRow(String name, double ours, double peer, double cat, double depth1) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %.2f | %.0f%% | %.2f |\n", name, ms(ours),
                gibPerSecond(ours), ms(peer), ours / peer, 100 * cat / ours, ours / depth1));
    }

    private void conversion() throws IOException {
        md.append("\n## 3. Conversion\n\n");
        md.append("1 GiB raw, 64 MiB regions of zeros and random data alternating, converted to a dynamic VHDX")
                .append(" and VHD on tmpfs; whole process, 6 runs in rounds alternating with the peer. Limit: `cat` of the input onto tmpfs.\n\n");
        Map<String, Double> times = hyperfineMedians("convert-raw.json");
        double cat = times.get("cat");
        Map<String, String[]> allocation = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("allocation.tsv"))) {
            String[] cells = line.split("\t");
            allocation.put(cells[0], cells);
        }
        md.append("| target | ours | qemu-img | ours / qemu-img | % of cat limit | allocated, ours | allocated,")
                .append(" qemu-img | same bytes as the input |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        boolean sparse = true;
        for (String format : List.of("vhdx", "vhd")) {
            double ours = times.get("ours-" + format);
            double peer = times.get("qemu-img-" + format);
            String[] mine = allocation.get("ours." + format);
            String[] theirs = allocation.get("qemu." + format);
            sparse &= Long.parseLong(mine[1]) <= (512L << 20);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.0f%% | %s | %s | ours %s, qemu-img %s |\n",
                    format.toUpperCase(Locale.ROOT), ms(ours), ms(peer), ours / peer, 100 * cat / ours,
                    mib(mine[1]), mib(theirs[1]), mine[2], theirs[2]));
        }
        md.append(String.format(Locale.ROOT, "| limit: cat | %s | | | 100%% | | | |\n", ms(cat)));
        md.append("\nZero blocks stay unallocated (512 MiB of the 1 GiB holds data): ").append(verdict(sparse))
                .append(".\n");
    }

    private void memory() throws IOException {
        md.append("\n## 4. Memory\n\n");
        md.append("Peak RSS from `/usr/bin/time`, through the launcher (its JVM flags included). Peers: the")
                .append(" qemu-img command doing the same job (`create` for reset); qemu-img has no check for VHD.\n\n");
        md.append("| command | ours | qemu-img | ours / qemu-img |\n|---|---:|---:|---:|\n");
        double worst = 0;
        for (String line : Files.readAllLines(dir.resolve("memory.tsv"))) {
            String[] cells = line.split("\t");
            double ours = Double.parseDouble(cells[1]) / 1024;
            worst = Math.max(worst, ours);
            boolean peerRan = cells.length > 2 && !cells[2].isEmpty();
            double peer = peerRan ? Double.parseDouble(cells[2]) / 1024 : Double.NaN;
            md.append(String.format(Locale.ROOT, "| %s | %.0f MB | %s | %s |\n", cells[0], ours,
                    peerRan ? String.format(Locale.ROOT, "%.0f MB", peer) : "n/a",
                    peerRan ? String.format(Locale.ROOT, "%.1f", ours / peer) : ""));
        }
        md.append(String.format(Locale.ROOT, "\nGoal: under 256 MB each: %s (at most %.0f MB).\n",
                verdict(worst < MEMORY_GOAL_MB), worst));
    }

    /** Median time per named command over the rounds of a hyperfine measurement ({@code NAME.roundN.json}), in ms. */
    private Map<String, Double> hyperfineMedians(String name) throws IOException {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        String prefix = name.substring(0, name.length() - ".json".length()) + ".round";
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                for (JsonNode result : JSON.readTree(file.toFile()).path("results")) {
                    List<Double> samples = times.computeIfAbsent(result.path("command").asText(), c -> new ArrayList<>());
                    result.path("times").forEach(t -> samples.add(t.asDouble() * 1000));
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((command, samples) -> medians.put(command, median(samples)));
        return medians;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The p50 of each JMH result, in milliseconds, by the value of {@code param}. */
    private Map<String, Double> jmhMedians(String file, String param) throws IOException {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (JsonNode result : JSON.readTree(dir.resolve(file).toFile())) {
            JsonNode metric = result.path("primaryMetric");
            medians.put(result.path("params").path(param).asText(), metric.path("scorePercentiles").path("50.0").asDouble());
        }
        return medians;
    }

    private static Map<String, Double> keyValuesTsv(Path file) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] cells = line.split("\t");
            values.put(cells[0], Double.parseDouble(cells[1]));
        }
        return values;
    }

    private static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    private static String imageName(String layout) {
        String[] parts = layout.split("-");
        String size = parts[1].equals("2t") ? (parts[0].equals("vhd") ? "2040 GiB" : "2 TiB")
                : parts[1].replace("g", " GiB");
        return parts[0].toUpperCase(Locale.ROOT) + " " + size;
    }

    private static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return millis < 10 ? String.format(Locale.ROOT, "%.1f ms", millis) : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private static double gibPerSecond(double millis) {
        return 1000 / millis;
    }

    private static String mib(String bytes) {
        return (Long.parseLong(bytes) >> 20) + " MiB";
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }
}
