package org.vhdboot.disk.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Called before every state-changing I/O step. Production code uses {@link #NONE}; crash tests install a
 * hook that throws after the Nth step, which stops an operation at exactly that point.
 */
@FunctionalInterface
public interface IoStepHook {

    enum Step { WRITE, FLUSH, TRUNCATE, CREATE, RENAME, DELETE, DIRECTORY_FLUSH }

    IoStepHook NONE = (step, path, position, length) -> { };

    void beforeStep(Step step, Path path, long position, long length) throws IOException;
}
