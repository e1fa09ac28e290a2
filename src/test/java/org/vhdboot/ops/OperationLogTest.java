package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What vhdboot.log and the Event Log get is one line whatever the detail carries (a registry's words, a file name):
 * a carriage return could forge a line, and escape sequences steer the terminal of whoever reads the log.
 */
class OperationLogTest {
    @TempDir
    Path folder;

    @Test
    void aDetailWithControlCharactersIsWrittenAsOneEscapedLine() throws Exception {
        List<String> events = new ArrayList<>();
        OperationLog log = new OperationLog(folder, Clock.fixed(Instant.parse("2026-12-04T03:00:00Z"), ZoneOffset.UTC),
                (id, severity, message) -> events.add(message));
        log.record(Event.RESET_FAILED, Duration.ofMillis(1500), "pull failed: '2\r\u001b[2J\u001bcFORGED'\nnext\u0007\u202e");

        String escaped = "pull failed: '2\\u000d\\u001b[2J\\u001bcFORGED' next\\u0007\\u202e";
        assertEquals(List.of("2026-12-04T03:00:00Z reset    failed    1.50s " + escaped + " [1001]"),
                Files.readAllLines(folder.resolve(OperationLog.FILE_NAME), StandardCharsets.UTF_8));
        assertEquals(List.of("vhdboot reset failed: " + escaped), events);
    }
}
