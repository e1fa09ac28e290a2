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
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Sequential read of the whole 1 GiB virtual disk through a chain, in 4 MiB reads like `vhd convert`.
 * Depth 0 is the fully allocated parent; "raw" reads the same bytes from a raw file, the in-process copy limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 12)
@Fork(1)
public class ChainReadBenchmark {
    private static final int CHUNK = 4 << 20;

    @Param({"raw", "0", "1", "8", "32", "127"})
    public String depth;

    /** The size of the runs each child rewrites: the chain lives in $VHDBOOT_BENCH_DIR/chain-RUN. */
    @Param({"64k"})
    public String run;

    private Chain chain;
    private ByteBuffer buffer;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path dir = BenchDir.resolve("chain-" + run);
        Path top;
        if (depth.equals("raw")) {
            top = dir.resolve("parent.raw");
        } else if (depth.equals("0")) {
            top = dir.resolve("parent.vhdx");
        } else {
            top = dir.resolve(Fixtures.childName(Integer.parseInt(depth)));
        }
        chain = new DiskImages().open(top, false);
        buffer = BenchDir.pageAligned(CHUNK);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        chain.close();
    }

    @Benchmark
    public long readWholeDisk() throws IOException {
        long size = chain.size();
        long sum = 0;
        for (long at = 0; at < size; at += CHUNK) {
            buffer.clear().limit((int) Math.min(CHUNK, size - at));
            chain.read(at, buffer);
            sum += buffer.get(0);
        }
        return sum;
    }
}
