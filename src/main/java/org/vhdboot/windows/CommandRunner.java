package org.vhdboot.windows;

import java.io.IOException;
import java.util.List;

/** Runs a Windows program and waits for it: the seam that lets tests check exact command lines. */
@FunctionalInterface
public interface CommandRunner {

    /** @throws IOException when the program cannot be started or does not finish in time */
    CommandResult run(List<String> command) throws IOException;
}
