package org.vhdboot.ops;

import java.io.IOException;

/** Restarts the machine after an operation that asked for it ({@code reset --reboot}, the nightly agent). */
public interface Restarter {

    /** Whether this system can restart itself from here. */
    boolean available();

    void restart(String reason) throws IOException;
}
