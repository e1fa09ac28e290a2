package org.vhdboot.disk.testing;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code @TempDir} on tmpfs ({@code /dev/shm}) where there is one, else the usual temporary folder: for crash
 * tests, whose stops the I/O step hook simulates and whose many flushes would otherwise cost most of their time.
 */
public final class MemoryTempDir implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "vhdboot-test");
        }
        return Files.createTempDirectory("vhdboot-test");
    }
}
