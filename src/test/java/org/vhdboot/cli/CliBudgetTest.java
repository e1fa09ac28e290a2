package org.vhdboot.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.HostileImages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The budget of docs/cli.md, on the crafted images of issue 10: {@code vhd info}, {@code check} and
 * {@code convert} of any input of at most 64 MiB on disk answer within 5 s and 256 MB of resident memory.
 * The real CLI runs in a child JVM with the launcher's options and a heap capped at 200 MB, so a command
 * that needed more would fail there; memory is the process's peak RSS per command. The time bound is
 * deliberately loose (a hang, not a speed, is what it catches): bench/hostile.sh measures the speed.
 */
class CliBudgetTest {
    private static final long RSS_LIMIT_KIB = 256_000;
    private static final long HANG_MILLIS = 60_000;
    private static final Set<Integer> DOCUMENTED = Set.of(0, 1, 2, 3, 4, 5, 6);

    @TempDir
    Path dir;

    @Test
    void infoCheckAndConvertOfEveryHostileImageStayWithinTheBudget() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "peak RSS is read from /proc (Linux)");
        Map<String, Path> images = new HostileImages(dir.resolve("images")).all();
        List<String> commands = new ArrayList<>();
        for (Map.Entry<String, Path> image : images.entrySet()) {
            String file = image.getValue().toString();
            commands.add(String.join("\t", "vhd", "info", file));
            commands.add(String.join("\t", "vhd", "check", file));
            commands.add(String.join("\t", "vhd", "convert", "-q", file, dir.resolve(image.getKey() + ".raw").toString()));
        }
        Path list = Files.write(dir.resolve("commands.tsv"), commands);
        Path report = dir.resolve("report.tsv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process probe = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-Xms16m", "-Xmx200m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, CliProbe.class.getName(), list.toString(), report.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("probe.log").toFile()).start();
        boolean finished = probe.waitFor(commands.size() * HANG_MILLIS, TimeUnit.MILLISECONDS);
        if (!finished) {
            probe.destroyForcibly();
        }
        assertTrue(finished, "the probe hung: " + Files.readString(dir.resolve("probe.log")));
        assertEquals(0, probe.exitValue(), Files.readString(dir.resolve("probe.log")));

        List<String> rows = Files.readAllLines(report);
        assertEquals(commands.size(), rows.size());
        for (String row : rows) {
            String[] field = row.split("\t", 5);
            int code = Integer.parseInt(field[0]);
            long millis = Long.parseLong(field[1]);
            long peak = Long.parseLong(field[2]);
            assertTrue(DOCUMENTED.contains(code), row);
            assertFalse(field[3].contains("internal error"), row);
            assertTrue(millis < HANG_MILLIS, row);
            assertTrue(peak > 0 && peak < RSS_LIMIT_KIB, "peak RSS " + peak + " KiB: " + row);
        }
    }
}
