package org.vhdboot.windows;

import java.io.IOException;
import java.nio.file.Path;

/** Windows Task Scheduler, for the reset-at-boot and nightly tasks. */
public interface TaskScheduler {

    /** Registers (or replaces) {@code taskName} from a Task Scheduler XML definition. */
    void register(String taskName, Path xmlFile) throws IOException;

    /** Deletes {@code taskName}. */
    void delete(String taskName) throws IOException;

    /** Whether {@code taskName} is registered. */
    boolean exists(String taskName) throws IOException;
}
