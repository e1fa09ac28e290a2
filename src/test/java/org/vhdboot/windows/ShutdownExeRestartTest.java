package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShutdownExeRestartTest {
    private final RecordingRunner runner = new RecordingRunner();
    private final SystemRestart restart = new ShutdownExeRestart(runner.programs());

    @Test
    void restartsAfterTheDelayWithTheReason() throws Exception {
        restart.restart(Duration.ofMinutes(2), "vhdboot: resetting Current, back in a minute");
        assertEquals(List.of(List.of("shutdown.exe", "/r", "/t", "120", "/c",
                "vhdboot: resetting Current, back in a minute")), runner.commands);
    }

    @Test
    void messagesEveryLoggedOnUser() throws Exception {
        restart.messageUsers(Duration.ofSeconds(90), "This PC restarts in 2 minutes to reset itself.");
        assertEquals(List.of(List.of("msg.exe", "*", "/TIME:90", "This PC restarts in 2 minutes to reset itself.")),
                runner.commands);
    }

    @Test
    void aRefusedRestartIsAnError() {
        runner.result = new ProgramOutput(1190, "", "A system shutdown has already been scheduled.(1190)");
        IOException e = assertThrows(IOException.class, () -> restart.restart(Duration.ZERO, "reset"));
        assertEquals("cannot schedule the restart: shutdown.exe exited with 1190: A system shutdown has already been"
                + " scheduled.(1190)", e.getMessage());
    }

    @Test
    void refusesDelaysShutdownCannotTake() {
        assertThrows(IllegalArgumentException.class, () -> restart.restart(Duration.ofSeconds(-1), "x"));
        assertThrows(IllegalArgumentException.class, () -> restart.restart(Duration.ofDays(3651), "x"));
        assertEquals(List.of(), runner.commands);
    }

    @Test
    void makesAnyMessageOneLineTheCommandLineCanCarry() throws Exception {
        restart.restart(Duration.ZERO, "metadata item \"file parameters\" is missing");
        restart.restart(Duration.ZERO, "x".repeat(600));
        restart.messageUsers(Duration.ZERO, "two\nlines");
        assertEquals("metadata item 'file parameters' is missing", runner.commands.get(0).get(5));
        assertEquals(512, runner.commands.get(1).get(5).length());
        assertEquals("two lines", runner.commands.get(2).get(3));
    }
}
