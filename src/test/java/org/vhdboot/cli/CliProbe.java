package org.vhdboot.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vhdboot.ops.OutsideWorld;

/**
 * Runs vhdboot command lines (one per line of a file, arguments separated by tabs) one after another in this
 * JVM, and records for each its exit code, milliseconds, the peak resident memory of the process during it
 * (Linux: the high-water mark is reset before each command) and its error line. Started by CliBudgetTest.
 */
public final class CliProbe {
    private CliProbe() {
    }

    public static void main(String[] args) throws IOException {
        List<String> report = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] command = line.split("\t");
            resetPeak();
            StringWriter err = new StringWriter();
            Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    new BufferedReader(new StringReader("")), false);
            long start = System.nanoTime();
            int code = VhdbootCommand.execute(new Services(console, OutsideWorld.portable(Clock.systemUTC(), Map.of())), command);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String error = err.toString().lines().filter(l -> l.startsWith("vhdboot: error:")).findFirst().orElse("");
            report.add(code + "\t" + millis + "\t" + peakKibibytes() + "\t" + error.replace('\t', ' ') + "\t" + line);
        }
        Files.write(Path.of(args[1]), report);
    }

    private static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            // Without it the peak is the process's so far: still an upper bound.
        }
    }

    private static long peakKibibytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
