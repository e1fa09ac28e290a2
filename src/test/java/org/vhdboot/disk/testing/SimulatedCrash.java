package org.vhdboot.disk.testing;

import java.io.IOException;

/** Thrown by a crash-test hook where the process is pretended to die; nothing after it reaches the disk. */
public final class SimulatedCrash extends IOException {
    public SimulatedCrash(String message) {
        super(message);
    }
}
