package org.vhdboot.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.ops.OperationContext;
import org.vhdboot.ops.ResetOperation;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole reset in a warm JVM: preflight, parent checks, journal, new child made durable, atomic rename,
 * ini and log updated. Layouts are made by bench/run.sh in $VHDBOOT_BENCH_DIR/reset/FORMAT-SIZE.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class ResetBenchmark {
    @Param({"vhdx-1g", "vhdx-127g", "vhdx-2t", "vhd-1g", "vhd-127g", "vhd-2t"})
    public String layout;

    private OperationContext context;
    private Layout loaded;

    @Setup
    public void setUp() throws Exception {
        Writer nowhere = Writer.nullWriter();
        Console quiet = new Console(new PrintWriter(nowhere), new PrintWriter(nowhere),
                new BufferedReader(new StringReader("")), false);
        context = Services.system().withConsole(quiet).operations(Optional.empty(), "java");
        loaded = LayoutFile.load(BenchDir.resolve("reset", layout, Layout.INI_NAME));
    }

    @Benchmark
    public ResetOperation.Result reset() throws Exception {
        return new ResetOperation(context).run(loaded, new ResetOperation.Options(Role.CURRENT, true, false, false, false));
    }
}
