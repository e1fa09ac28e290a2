package org.vhdboot.cli;

import org.vhdboot.ops.Restarter;
import org.vhdboot.windows.SystemRestart;

import java.io.IOException;
import java.time.Duration;

/** The restarters the command line can pick from. */
final class Restarters {
    private Restarters() {
    }

    /** Windows: {@code shutdown.exe /r} after a short delay, so the command's own output is seen first. */
    static Restarter windows(SystemRestart restart) {
        return new Restarter() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void restart(String reason) throws IOException {
                restart.restart(Duration.ofSeconds(5), reason);
            }
        };
    }

    /** For systems vhdboot cannot restart: Linux imaging servers and tests. */
    static Restarter none() {
        return new Restarter() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public void restart(String reason) {
                throw new IllegalStateException("no restart is possible here");
            }
        };
    }
}
