package org.vhdboot.bench;

import java.nio.file.Path;

/** Where bench/run.sh left the fixtures ($VHDBOOT_BENCH_DIR, inherited by JMH's forked JVMs), and read buffers. */
final class BenchDir {
    private BenchDir() {
    }

    /** A page-aligned direct buffer, as the converter reads into: the kernel copies into it faster. */
    static java.nio.ByteBuffer pageAligned(int capacity) {
        return java.nio.ByteBuffer.allocateDirect(capacity + 4096).alignedSlice(4096).limit(capacity).slice();
    }

    static Path resolve(String first, String... more) {
        String dir = System.getenv("VHDBOOT_BENCH_DIR");
        if (dir == null || dir.isEmpty()) {
            throw new IllegalStateException("set VHDBOOT_BENCH_DIR to the folder bench/run.sh prepared");
        }
        return Path.of(dir).resolve(Path.of(first, more));
    }
}
