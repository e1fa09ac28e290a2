package org.vhdboot.disk.testing;

import org.vhdboot.testing.MemoryTempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary folder removed on close, for tests (such as jqwik properties) that cannot use {@code @TempDir}; in
 * memory where the system allows it, as every {@code @TempDir} ({@link MemoryTempDirs}).
 */
public final class TempFolder implements AutoCloseable {
    private final Path path;

    public TempFolder() {
        try {
            this.path = MemoryTempDirs.create("vhdboot-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
