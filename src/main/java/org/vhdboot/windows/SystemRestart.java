package org.vhdboot.windows;

import java.io.IOException;
import java.time.Duration;

/** Restarting Windows, and warning the people logged on to it first. */
public interface SystemRestart {

    /** Restarts the machine after {@code delay}, showing {@code reason} to logged-on users meanwhile. */
    void restart(Duration delay, String reason) throws IOException;

    /** Shows {@code text} to every logged-on user for {@code shownFor}. */
    void messageUsers(Duration shownFor, String text) throws IOException;
}
