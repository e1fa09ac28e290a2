package org.vhdboot.ops;

import org.vhdboot.windows.SystemRestart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records restarts and user messages instead of doing them. */
final class RecordingRestart implements SystemRestart {
    final List<Duration> restarts = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    boolean failing;

    @Override
    public void restart(Duration delay, String reason) throws java.io.IOException {
        if (failing) {
            throw new java.io.IOException("shutdown.exe exited with 1190: a restart is already scheduled");
        }
        restarts.add(delay);
    }

    @Override
    public void messageUsers(Duration shownFor, String text) {
        messages.add(text);
    }
}
