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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vhdboot.cli.Console;
import org.vhdboot.cli.Services;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.ops.ImageRollbackOperation;
import org.vhdboot.ops.ImageSwitchOperation;
import org.vhdboot.ops.OperationContext;
import org.vhdboot.ops.ResetOperation;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code image switch} in a warm JVM: the version checked, the new slot made durable under its temporary name and
 * renamed into place, its boot entry rendered (into the layout's script: the bcdedit runs themselves are Windows'
 * time, not vhdboot's), the pending switch recorded, the one-time boot set, the journal removed. Each switch is undone
 * by {@code image rollback} outside the measurement. {@code resetForReference} resets Current of the same layout in the
 * same run, for comparison. Layouts are made by bench/image-run.sh in
 * $VHDBOOT_BENCH_DIR/switch/FORMAT-SIZE: Current stands on a committed version, and the switch goes to the base.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SwitchBenchmark {
    @Param({"vhdx-1g", "vhdx-127g", "vhdx-2t", "vhd-1g", "vhd-2t"})
    public String layout;

    private OperationContext context;
    private Path ini;

    @Setup
    public void setUp() throws Exception {
        Writer nowhere = Writer.nullWriter();
        Console quiet = new Console(new PrintWriter(nowhere), new PrintWriter(nowhere),
                new BufferedReader(new StringReader("")), false);
        context = Services.system().withConsole(quiet).operations(Optional.empty(), "java");
        ini = BenchDir.resolve("switch", layout, Layout.INI_NAME);
        rollBack();
    }

    @Benchmark
    public ImageSwitchOperation.Result imageSwitch() throws Exception {
        return new ImageSwitchOperation(context).run(LayoutFile.load(ini), new ImageSwitchOperation.Options("base",
                Optional.empty(), false, true, false));
    }

    /** The same layout's reset of Current, in the same run: what a switch costs beside the work a reset does. */
    @Benchmark
    public ResetOperation.Result resetForReference() throws Exception {
        return new ResetOperation(context).run(LayoutFile.load(ini), new ResetOperation.Options(Role.CURRENT, true,
                false, false, false));
    }

    @TearDown(Level.Invocation)
    public void rollBack() throws Exception {
        Layout loaded = LayoutFile.load(ini);
        if (loaded.lastSwitch().filter(s -> s.pending()).isPresent()) {
            new ImageRollbackOperation(context).run(loaded, new ImageRollbackOperation.Options(true, false));
        }
    }
}
