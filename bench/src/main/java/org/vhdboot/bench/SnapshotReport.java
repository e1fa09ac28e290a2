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
import java.util.stream.Stream;

/**
 * Turns one run of bench/snapshot-run.sh into bench/snapshot-results.md. Every figure is a median, every ratio
 * divides two medians of the same run.
 * <pre>
 *   SnapshotReport RESULTS_DIR OUTPUT.md
 * </pre>
 */
public final class SnapshotReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LAYOUTS = {"vhdx-1g", "vhdx-127g", "vhdx-2t", "vhd-1g", "vhd-127g", "vhd-2t"};
    private static final double IN_PROCESS_GOAL_MS = 50;
    private static final double WHOLE_PROCESS_GOAL = 1.10;
    private static final double MERGE_GOAL = 0.5;

    private final Path dir;
    private final StringBuilder md = new StringBuilder();

    private SnapshotReport(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SnapshotReport RESULTS_DIR OUTPUT.md");
            System.exit(2);
        }
        Files.writeString(Path.of(args[1]), new SnapshotReport(Path.of(args[0])).render(), StandardCharsets.UTF_8);
    }

    private String render() throws IOException {
        Map<String, String> machine = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("machine.txt"))) {
            int eq = line.indexOf('=');
            machine.put(line.substring(0, eq), line.substring(eq + 1));
        }
        md.append("# vhdboot restore-point benchmarks: results of one run\n\n");
        md.append("Written by `").append(machine.get("command")).append("` in ").append(machine.get("seconds"))
                .append(" s at commit ").append(machine.get("commit")).append(". Medians; every ratio divides two")
                .append(" medians of this run.\n\n| machine | |\n|---|---|\n");
        for (String key : List.of("cpu", "memory", "os", "java", "hyperfine", "disk")) {
            md.append("| ").append(key).append(" | ").append(machine.get(key)).append(" |\n");
        }
        latency();
        merge();
        return md.toString();
    }

    private void latency() throws IOException {
        md.append("\n## 1. Create and revert\n\n");
        md.append("Parents with 1 GiB written, on disk. In process: JMH `SnapshotBenchmark` and `ResetBenchmark` in a")
                .append(" warm JVM, the whole operation each (checks, journal, new child made durable, renames, ini).")
                .append(" Whole process: `vhdboot snapshot create`, `vhdboot snapshot revert` and `vhdboot reset`,")
                .append(" 10 runs each in alternating rounds.\n\n");
        md.append("| image | create | revert | reset | whole: create | whole: revert | whole: reset |")
                .append(" create / reset | revert / reset |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> create = jmhMedians("jmh-snapshot.json", "create");
        Map<String, Double> revert = jmhMedians("jmh-snapshot.json", "revert");
        Map<String, Double> reset = jmhMedians("jmh-reset.json", "reset");
        double worstIn = 0;
        double bestIn = Double.MAX_VALUE;
        double worstRatio = 0;
        for (String layout : LAYOUTS) {
            Map<String, Double> whole = hyperfineMedians("whole-" + layout + ".");
            double c = create.get(layout);
            double r = revert.get(layout);
            worstIn = Math.max(worstIn, Math.max(c, r));
            bestIn = Math.min(bestIn, Math.min(c, r));
            double createRatio = whole.get("create") / whole.get("reset");
            double revertRatio = whole.get("revert") / whole.get("reset");
            worstRatio = Math.max(worstRatio, Math.max(createRatio, revertRatio));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f |\n", name(layout),
                    ms(c), ms(r), ms(reset.get(layout)), ms(whole.get("create")), ms(whole.get("revert")),
                    ms(whole.get("reset")), createRatio, revertRatio));
        }
        md.append(String.format(Locale.ROOT, "\nGoals: in process under 50 ms and flat from 1 GiB to 2 TiB: %s (%.1f"
                        + " to %.1f ms); whole process within 10%% of `vhdboot reset`: %s (at most %+.0f%%).\n",
                verdict(worstIn < IN_PROCESS_GOAL_MS), bestIn, worstIn, verdict(worstRatio <= WHOLE_PROCESS_GOAL),
                (worstRatio - 1) * 100));
    }

    private void merge() throws IOException {
        md.append("\n## 2. Delete: the merge\n\n");
        md.append("A 1 GiB layout whose snapshot `big` holds 512 MiB of random data, with a fresh Current on it:")
                .append(" `vhdboot snapshot delete big` merges it all into Current (with its flushes: data, bitmap,")
                .append(" BAT entry per block), relinks Current and deletes the file. The limit: `cat` of the snapshot")
                .append(" file into a new file, then `sync FILE`. Both start from the same fresh copy of the layout")
                .append(" (page cache warm for both), 6 runs each alternating; in process: the command's own")
                .append(" `duration_millis`, 3 runs.\n\n");
        md.append("| format | merged | whole process | MB/s | in process | MB/s | cat + sync | MB/s |")
                .append(" whole / cat | in process / cat |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        boolean met = true;
        for (String format : List.of("vhdx", "vhd")) {
            Map<String, Double> times = hyperfineMedians("merge-" + format + ".");
            long fileBytes = Long.parseLong(Files.readString(dir.resolve("merge-" + format + ".file-bytes")).strip());
            List<Double> inProcess = new ArrayList<>();
            long merged = 0;
            for (int round = 1; round <= 3; round++) {
                JsonNode run = JSON.readTree(dir.resolve("merge-" + format + ".json." + round).toFile());
                inProcess.add(run.path("duration_millis").asDouble());
                merged = run.path("bytes_merged").asLong();
            }
            double whole = mbPerSecond(merged, times.get("delete"));
            double in = mbPerSecond(merged, median(inProcess));
            double cat = mbPerSecond(fileBytes, times.get("cat"));
            met &= in / cat >= MERGE_GOAL;
            md.append(String.format(Locale.ROOT, "| %s | %d MiB | %s | %.0f | %s | %.0f | %s | %.0f | %.0f%% | %.0f%% |\n",
                    format.toUpperCase(Locale.ROOT), merged >> 20, ms(times.get("delete")), whole, ms(median(inProcess)),
                    in, ms(times.get("cat")), cat, 100 * whole / cat, 100 * in / cat));
        }
        md.append("\nGoal: merge throughput at least 50% of cat's for the merged bytes: ").append(verdict(met))
                .append(" (in process).\n");
    }

    private Map<String, Double> hyperfineMedians(String prefix) throws IOException {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().contains(".round")).sorted().toList()) {
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

    /** The p50 of each result of {@code benchmark} (the method name), in milliseconds, by layout. */
    private Map<String, Double> jmhMedians(String file, String benchmark) throws IOException {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (JsonNode result : JSON.readTree(dir.resolve(file).toFile())) {
            if (result.path("benchmark").asText().endsWith("." + benchmark)) {
                medians.put(result.path("params").path("layout").asText(),
                        result.path("primaryMetric").path("scorePercentiles").path("50.0").asDouble());
            }
        }
        return medians;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double mbPerSecond(long bytes, double millis) {
        return bytes / 1e6 / (millis / 1000);
    }

    private static String name(String layout) {
        String[] parts = layout.split("-");
        String size = parts[1].equals("2t") ? (parts[0].equals("vhd") ? "2040 GiB" : "2 TiB")
                : parts[1].replace("g", " GiB");
        return parts[0].toUpperCase(Locale.ROOT) + " " + size;
    }

    private static String ms(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.1f ms", millis) : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }
}
