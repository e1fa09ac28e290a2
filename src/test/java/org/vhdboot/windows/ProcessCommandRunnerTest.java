package org.vhdboot.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisabledOnOs(OS.WINDOWS)
class ProcessCommandRunnerTest {

    @Test
    void capturesBothOutputsAndTheExitCode() throws Exception {
        CommandResult result = new ProcessCommandRunner(10, StandardCharsets.UTF_8)
                .run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(new CommandResult(3, "out\n", "err\n"), result);
        assertEquals("err", result.firstMessageLine());
    }

    @Test
    void aMissingProgramIsAClearError() {
        IOException e = assertThrows(IOException.class,
                () -> new ProcessCommandRunner().run(List.of("vhdboot-no-such-program")));
        assertTrue(e.getMessage().startsWith("cannot run vhdboot-no-such-program: "), e.getMessage());
    }

    @Test
    void stopsAProgramThatHangs() {
        IOException e = assertThrows(IOException.class,
                () -> new ProcessCommandRunner(1, StandardCharsets.UTF_8).run(List.of("sleep", "30")));
        assertEquals("sleep did not finish within 1 seconds", e.getMessage());
    }
}
