package org.vhdboot.cli;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.fuzz.FuzzCase;
import org.vhdboot.disk.testing.fuzz.Mutant;
import org.vhdboot.testing.HangGuard;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What must hold for any image, however damaged, through the CLI: no Throwable escapes; only documented exit
 * codes and one error line; {@code info}, {@code check} and {@code convert} change no file; each command stays
 * within the memory budget (bytes allocated by the command, a deterministic stand-in for its peak) and does
 * not hang; {@code check} healthy means info and convert read the whole chain; info and check agree; a
 * second repair finds nothing to do; and writes never touch a parent.
 */
final class ImageFuzzProperties implements AutoCloseable {
    static final long ALLOCATION_LIMIT = 256L << 20;
    /** The long run's length ({@code -Dvhdboot.fuzz.minutes}, as for the layout files); 0 in the suite. */
    static final long LONG_RUN_MINUTES = Long.getLong("vhdboot.fuzz.minutes", 0);
    /** A command slower than this breaks the time budget: the 5 s of docs/cli.md in the long run; in the suite,
     *  sharing the machine with the rest of the build, only a hang detector. */
    private static final long COMMAND_MILLIS = LONG_RUN_MINUTES > 0 ? 5_000 : 60_000;
    private static final long HANG_SECONDS = Math.max(60, 2 * COMMAND_MILLIS / 1000);
    private static final List<Integer> DOCUMENTED = List.of(0, 1, 2, 3, 4, 5, 6);
    private static final byte[] WRITTEN = "written by the fuzzer".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path scratch;
    /** How often check ended with each exit code: how deep the mutants got. */
    private final java.util.Map<Integer, Integer> checkCodes = new java.util.TreeMap<>();
    private final HangGuard worker = new HangGuard("fuzz-command");

    ImageFuzzProperties(Path scratch) {
        this.scratch = scratch;
    }

    /** One command's outcome, the bytes it allocated and its time. */
    private record Run(String name, CommandRun run, long allocated, long millis) {
        int code() {
            return run.exitCode();
        }
    }

    /** The first property {@code mutant} breaks, or empty when it breaks none. */
    Optional<String> violation(FuzzCase seed, Mutant mutant) throws Exception {
        Path folder = Files.createTempDirectory(scratch, "mutant");
        try {
            return check(seed.materialize(folder, mutant), folder);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private Optional<String> check(Path top, Path folder) throws Exception {
        List<Path> inputs;
        try (Stream<Path> files = Files.list(folder)) {
            inputs = files.sorted().toList();
        }
        FileDigests all = FileDigests.of(inputs.toArray(Path[]::new));
        Path output = folder.resolve("out.raw");
        List<Run> reads = List.of(run("info", "vhd", "info", top.toString()), run("check", "vhd", "check", top.toString()),
                run("convert", "vhd", "convert", "-q", top.toString(), output.toString()));
        Optional<String> broken = documented(reads);
        if (broken.isPresent()) {
            return broken;
        }
        if (!all.unchanged()) {
            return Optional.of("a read-only command changed a file");
        }
        Run info = reads.get(0);
        Run check = reads.get(1);
        Run convert = reads.get(2);
        checkCodes.merge(check.code(), 1, Integer::sum);
        if (check.code() == 0 && (info.code() != 0 || convert.code() != 0)) {
            return Optional.of("check calls the chain healthy but info or convert cannot read it: " + info.run()
                    + convert.run());
        }
        if (info.code() != (check.code() <= 1 ? 0 : check.code())) {
            return Optional.of("info and check disagree: " + info.run() + check.run());
        }
        Files.deleteIfExists(output);
        return changes(top, inputs, check.code() == 0);
    }

    /** Repair twice and a small write, on the top image only. */
    private Optional<String> changes(Path top, List<Path> inputs, boolean healthy) throws Exception {
        Path[] parents = inputs.stream().filter(p -> !p.equals(top)).toArray(Path[]::new);
        FileDigests untouched = FileDigests.of(parents);
        Run repair = run("repair", "vhd", "check", "--repair", top.toString());
        Optional<String> broken = documented(List.of(repair));
        if (broken.isPresent()) {
            return broken;
        }
        if (repair.code() <= 1) {
            // Not hashed: a repair may extend the file to the terabyte its log says (a hole, but read as zeros).
            Run again = run("repair again", "vhd", "check", "--repair", top.toString());
            if (!again.run().err().contains("nothing to repair")) {
                return Optional.of("a second repair found work again: " + repair.run() + again.run());
            }
        }
        Path data = Files.write(top.resolveSibling("data.bin"), WRITTEN);
        long offset = 4096 + 7;
        Run write = run("write", "vhd", "write", top.toString(), "--offset", String.valueOf(offset), "--input",
                data.toString());
        broken = documented(List.of(write));
        if (broken.isPresent()) {
            return broken;
        }
        if (!untouched.unchanged()) {
            return Optional.of("a repair or write changed a parent: " + repair.run() + write.run());
        }
        if (healthy && write.code() == 0) {
            return readsBack(top, offset);
        }
        return Optional.empty();
    }

    /** After a write into a healthy chain, it is still healthy and holds what was written. */
    private Optional<String> readsBack(Path top, long offset) throws Exception {
        Run check = run("check after write", "vhd", "check", top.toString());
        if (check.code() != 0) {
            return Optional.of("a write made a healthy chain unhealthy: " + check.run());
        }
        try (Chain chain = new DiskImages().open(top, false)) {
            ByteBuffer read = ByteBuffer.allocate(WRITTEN.length);
            chain.read(offset, read);
            if (!Arrays.equals(WRITTEN, read.array())) {
                return Optional.of("the written bytes do not read back");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> documented(List<Run> runs) {
        for (Run run : runs) {
            String err = run.run().err();
            if (!DOCUMENTED.contains(run.code())) {
                return Optional.of(run.name() + ": undocumented exit code: " + run.run());
            }
            if (err.contains("internal error")) {
                return Optional.of(run.name() + ": internal error: " + run.run());
            }
            if (err.lines().filter(l -> l.startsWith("vhdboot: error:")).count() > 1 || err.contains("\tat ")) {
                return Optional.of(run.name() + ": more than one error line: " + run.run());
            }
            if (run.allocated() > ALLOCATION_LIMIT) {
                return Optional.of(run.name() + ": allocated " + (run.allocated() >> 20) + " MiB: " + run.run());
            }
            if (run.millis() > COMMAND_MILLIS) {
                return Optional.of(run.name() + ": took " + run.millis() + " ms: " + run.run());
            }
        }
        return Optional.empty();
    }

    /** Runs one command line on the worker thread, so that a hang is caught and the allocation measured. */
    private Run run(String name, String... args) throws Exception {
        return worker.call(name + ": " + String.join(" ", args), HANG_SECONDS, () -> {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            CommandRun run = CommandRun.of(args);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Run(name, run, threads.getCurrentThreadAllocatedBytes() - before, millis);
        });
    }

    /** Check's exit codes so far and how often each came. */
    java.util.Map<Integer, Integer> checkCodes() {
        return checkCodes;
    }

    @Override
    public void close() {
        worker.close();
    }
}
