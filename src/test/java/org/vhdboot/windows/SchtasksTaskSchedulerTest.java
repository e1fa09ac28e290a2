package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchtasksTaskSchedulerTest {
    private final RecordingRunner runner = new RecordingRunner();
    private final TaskScheduler scheduler = new SchtasksTaskScheduler(runner.programs());

    @Test
    void registersFromXmlReplacingAnyOldTask() throws Exception {
        scheduler.register("vhdboot\\reset-on-boot", Path.of("C:\\vhdboot\\reset task.xml"));
        assertEquals(List.of(List.of("schtasks.exe", "/Create", "/XML", "C:\\vhdboot\\reset task.xml", "/TN",
                "vhdboot\\reset-on-boot", "/F")), runner.commands);
    }

    @Test
    void deletesWithoutAsking() throws Exception {
        scheduler.delete("vhdboot\\nightly");
        assertEquals(List.of(List.of("schtasks.exe", "/Delete", "/TN", "vhdboot\\nightly", "/F")), runner.commands);
    }

    @Test
    void existsByExitCode() throws Exception {
        assertTrue(scheduler.exists("vhdboot\\nightly"));
        runner.result = new ProgramOutput(1, "", "ERROR: The system cannot find the file specified.\r\n");
        assertFalse(scheduler.exists("vhdboot\\nightly"));
        assertEquals(List.of("schtasks.exe", "/Query", "/TN", "vhdboot\\nightly"), runner.commands.get(1));
    }

    @Test
    void aFailureQuotesSchtasks() {
        runner.result = new ProgramOutput(1, "", "\r\nERROR: Access is denied.\r\n");
        IOException e = assertThrows(IOException.class,
                () -> scheduler.register("vhdboot\\nightly", Path.of("C:\\t.xml")));
        assertEquals("cannot register the scheduled task vhdboot\\nightly: schtasks.exe exited with 1:"
                + " ERROR: Access is denied.", e.getMessage());
    }

    @Test
    void refusesNamesSchtasksCannotTake() {
        assertThrows(IllegalArgumentException.class, () -> scheduler.delete(""));
        assertThrows(IllegalArgumentException.class, () -> scheduler.delete("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> scheduler.delete("x".repeat(239)));
        assertEquals(List.of(), runner.commands);
    }
}
