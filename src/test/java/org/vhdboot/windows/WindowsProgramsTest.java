package org.vhdboot.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.vhdboot.process.ProcessRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowsProgramsTest {

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void capturesBothOutputsAndTheExitCode() throws Exception {
        ProgramOutput result = new WindowsPrograms(ProcessRunner.local(), StandardCharsets.UTF_8, Duration.ofSeconds(10))
                .run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(new ProgramOutput(3, "out\n", "err\n"), result);
        assertEquals("err", result.firstMessageLine());
    }

    @Test
    void aMissingProgramIsAClearError() {
        IOException e = assertThrows(IOException.class,
                () -> WindowsPrograms.local().run(List.of("vhdboot-no-such-program")));
        assertTrue(e.getMessage().startsWith("cannot run vhdboot-no-such-program: "), e.getMessage());
    }

    /** The runner kills a program at its time limit (LocalProcessRunnerTest); this is what the user reads. */
    @Test
    void aProgramStoppedAtItsTimeLimitIsAnError() {
        ProcessRunner hangs = (argv, timeout) -> {
            throw new TimeoutException(argv.get(0) + " did not finish");
        };
        IOException e = assertThrows(IOException.class,
                () -> new WindowsPrograms(hangs, StandardCharsets.UTF_8, Duration.ofSeconds(1)).run(List.of("sleep", "30")));
        assertEquals("sleep did not finish within 1 seconds", e.getMessage());
    }

    @Test
    void anInterruptedWaitIsAnErrorAndKeepsTheInterrupt() {
        ProcessRunner interrupted = (argv, timeout) -> {
            throw new InterruptedException();
        };
        try {
            IOException e = assertThrows(IOException.class, () -> new WindowsPrograms(interrupted,
                    StandardCharsets.UTF_8, Duration.ofSeconds(1)).run(List.of("schtasks.exe")));
            assertEquals("interrupted while waiting for schtasks.exe", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
