package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** WinPE restarts with wpeutil: it has no shutdown.exe and no msg.exe. */
class WpeutilRestartTest {
    private final RecordingRunner runner = new RecordingRunner();

    @Test
    void winPeRestartsWithWpeutilRebootAndNothingElse() throws Exception {
        SystemRestart restart = WpeutilRestart.forWindows(true, runner.programs());
        restart.restart(Duration.ofSeconds(5), "vhdboot reset finished; restarting");
        assertEquals(List.of(List.of("wpeutil.exe", "reboot")), runner.commands);
    }

    @Test
    void aFullWindowsKeepsShutdownExe() throws Exception {
        SystemRestart restart = WpeutilRestart.forWindows(false, runner.programs());
        assertInstanceOf(ShutdownExeRestart.class, restart);
        restart.restart(Duration.ofSeconds(5), "vhdboot reset finished; restarting");
        assertEquals("shutdown.exe", runner.commands.get(0).get(0));
    }

    @Test
    void aFailedWpeutilIsOneLine() {
        runner.result = new ProgramOutput(1, "", "Access is denied.");
        IOException e = assertThrows(IOException.class,
                () -> new WpeutilRestart(runner.programs()).restart(Duration.ZERO, "restart"));
        assertEquals("cannot restart WinPE: wpeutil.exe exited with 1: Access is denied.", e.getMessage());
    }

    @Test
    void nobodyCanBeMessagedInWinPe() {
        IOException e = assertThrows(IOException.class,
                () -> new WpeutilRestart(runner.programs()).messageUsers(Duration.ofMinutes(1), "restarting"));
        assertEquals("WinPE has no msg.exe, so nobody can be warned before a restart here", e.getMessage());
        assertEquals(List.of(), runner.commands);
    }
}
