package org.vhdboot.windows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@link SystemRestart} in WinPE, which has neither shutdown.exe nor msg.exe: {@code wpeutil reboot} restarts
 * at once, so the delay is not kept (the reset is recorded before the restart is asked for), and nobody can be
 * messaged.
 */
public final class WpeutilRestart implements SystemRestart {
    private final WindowsPrograms runner;

    public WpeutilRestart(WindowsPrograms runner) {
        this.runner = runner;
    }

    /** The restart for the Windows vhdboot runs on: wpeutil in WinPE, shutdown.exe and msg.exe elsewhere. */
    public static SystemRestart forWindows(boolean winPe, WindowsPrograms runner) {
        return winPe ? new WpeutilRestart(runner) : new ShutdownExeRestart(runner);
    }

    @Override
    public void restart(Duration delay, String reason) throws IOException {
        List<String> command = List.of("wpeutil.exe", "reboot");
        ProgramOutput result = runner.run(command);
        if (!result.succeeded()) {
            throw new IOException("cannot restart WinPE: wpeutil.exe exited with " + result.exitCode() + ": "
                    + result.firstMessageLine());
        }
    }

    @Override
    public void messageUsers(Duration shownFor, String text) throws IOException {
        throw new IOException("WinPE has no msg.exe, so nobody can be warned before a restart here");
    }
}
