package org.vhdboot.bench;

import java.nio.file.Path;

/** Where bench/run.sh left the fixtures: $VHDBOOT_BENCH_DIR, inherited by JMH's forked JVMs. */
final class BenchDir {
    private BenchDir() {
    }

    static Path resolve(String first, String... more) {
        String dir = System.getenv("VHDBOOT_BENCH_DIR");
        if (dir == null || dir.isEmpty()) {
            throw new IllegalStateException("set VHDBOOT_BENCH_DIR to the folder bench/run.sh prepared");
        }
        return Path.of(dir).resolve(Path.of(first, more));
    }
}
