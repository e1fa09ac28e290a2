package org.vhdboot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named pipe where vhdboot expects a file: opened as one, it would wait for the other end forever. Made with
 * mkfifo, so the tests that use it are not run on Windows.
 */
public final class Pipes {
    private Pipes() {
    }

    /** Replaces whatever lies at {@code path} with a named pipe. */
    public static void putAt(Path path) throws IOException, InterruptedException {
        Files.deleteIfExists(path);
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new AssertionError("mkfifo " + path + " failed");
        }
    }
}
