package org.vhdboot.testing;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where tests make their temporary folders: in memory ({@code /dev/shm}) where the system has a roomy one that
 * may hold programs, else the usual temporary folder. The engine flushes after every step of every write, and on
 * a disk each flush costs milliseconds that tell a test nothing; in memory it costs nothing, and the hooks that
 * stop an operation between steps see the same steps. The default for every {@code @TempDir}
 * (junit-platform.properties).
 */
public final class MemoryTempDirs implements TempDirFactory {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");
    /** Docker's default /dev/shm holds 64 MiB and may not run programs; the tests need more of both. */
    private static final long ENOUGH_SPACE = 4L << 30;
    private static final Path ROOT = chooseRoot();

    /** The folder temporary folders go in. */
    public static Path root() {
        return ROOT;
    }

    /** A new, empty folder under {@link #root()}. */
    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(ROOT, prefix);
    }

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws IOException {
        return create("junit");
    }

    private static Path chooseRoot() {
        Path usual = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)
                    && Files.getFileStore(SHARED_MEMORY).getUsableSpace() >= ENOUGH_SPACE && mayRunPrograms()) {
                return SHARED_MEMORY;
            }
        } catch (IOException | RuntimeException e) {
            // Cannot tell: the usual folder is always right, only slower.
        }
        return usual;
    }

    /** Tests write stand-in programs into their folders and run them. */
    private static boolean mayRunPrograms() throws IOException {
        Path mounts = Path.of("/proc/self/mounts");
        if (!Files.isReadable(mounts)) {
            return false;
        }
        for (String line : Files.readAllLines(mounts)) {
            List<String> fields = List.of(line.split(" "));
            if (fields.size() > 3 && fields.get(1).equals(SHARED_MEMORY.toString())) {
                return !List.of(fields.get(3).split(",")).contains("noexec");
            }
        }
        return false;
    }
}
