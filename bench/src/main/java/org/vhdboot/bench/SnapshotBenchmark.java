package org.vhdboot.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vhdboot.cli.Console;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.ProgressListener;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.ops.OperationContext;
import org.vhdboot.ops.ResetOperation;
import org.vhdboot.ops.SnapshotCreateOperation;
import org.vhdboot.ops.SnapshotDeleteOperation;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Restore points in a warm JVM, on the layouts bench/snapshot-run.sh makes in $VHDBOOT_BENCH_DIR/snapshot/FORMAT-SIZE
 * (parents with 1 GiB written): {@code snapshot create} (checks, journal, log replay, hard link, fresh child made
 * durable, atomic rename, read-only mark, ini) and {@code snapshot revert} (a reset onto a snapshot). Each create is
 * undone, untimed, by deleting the snapshot it made, so every invocation starts from the same layout.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class SnapshotBenchmark {
    static final String ANCHOR = "anchor";
    static final String MADE = "bench";

    @Param({"vhdx-1g", "vhdx-127g", "vhdx-2t", "vhd-1g", "vhd-127g", "vhd-2t"})
    public String layout;

    OperationContext context;
    Path ini;

    @Setup
    public void setUp() throws Exception {
        Writer nowhere = Writer.nullWriter();
        Console quiet = new Console(new PrintWriter(nowhere), new PrintWriter(nowhere),
                new BufferedReader(new StringReader("")), false);
        context = Services.system().withConsole(quiet).operations(Optional.empty(), "java");
        ini = BenchDir.resolve("snapshot", layout, Layout.INI_NAME);
        if (LayoutFile.load(ini).tree().find(ImageRef.snapshot(ANCHOR)).isEmpty()) {
            new SnapshotCreateOperation(context).run(LayoutFile.load(ini),
                    new SnapshotCreateOperation.Options(ANCHOR, "", false, false));
        }
    }

    /** Before each create: the snapshot the previous one made is deleted (an empty layer merged away). */
    @State(Scope.Benchmark)
    public static class Undo {
        @Setup(Level.Invocation)
        public void dropTheLastSnapshot(SnapshotBenchmark bench) throws Exception {
            Layout layout = LayoutFile.load(bench.ini);
            if (layout.tree().find(ImageRef.snapshot(MADE)).isPresent()) {
                new SnapshotDeleteOperation(bench.context).run(layout,
                        new SnapshotDeleteOperation.Options(MADE, true, false, ProgressListener.NONE));
            }
        }
    }

    @Benchmark
    public SnapshotCreateOperation.Result create(Undo undo) throws Exception {
        return new SnapshotCreateOperation(context).run(LayoutFile.load(ini),
                new SnapshotCreateOperation.Options(MADE, "", false, false));
    }

    @Benchmark
    public ResetOperation.Result revert() throws Exception {
        return new ResetOperation(context).run(LayoutFile.load(ini), new ResetOperation.Options(Role.CURRENT, true,
                false, false, false, false, Optional.of(ANCHOR)));
    }
}
