package org.vhdboot.ops;

import org.vhdboot.files.KeptFile;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.windows.EventLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * {@code vhdboot.log} beside the layout: one line per operation, on the host volume so it survives resets.
 * Rotated at 1 MiB, keeping three old files.
 */
public final class OperationLog {
    public static final String FILE_NAME = "vhdboot.log";
    private static final long ROTATE_AT = MIB;
    private static final int KEEP = 3;

    private final Path file;
    private final Clock clock;
    private final EventLog events;

    public OperationLog(Path folder, Clock clock, EventLog events) {
        this.file = folder.resolve(FILE_NAME);
        this.clock = clock;
        this.events = events;
    }

    /**
     * Appends {@code time operation outcome duration detail [event id]} and writes the event to the event log.
     * A log failure never fails the operation: the host volume may be read-only or full.
     */
    public void record(Event event, Duration took, String detail) {
        String text = LayoutText.oneLine(detail);
        String line = String.format(Locale.ROOT, "%s %-8s %-7s %6.2fs %s [%d]%n",
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS), event.operation(), event.outcome(),
                took.toMillis() / 1000.0, text, event.id());
        try {
            // Before the rotation too, which would rename what was planted: the line goes to the event log alone.
            KeptFile.requireOwnFileOrAbsent(file);
            rotateIfLarge();
            KeptFile.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException ignored) {
            // The operation's own result matters more than its log line.
        }
        toEventLog(events, event, text);
    }

    /** The event alone, for operations that have no layout to log beside. */
    static void toEventLog(EventLog events, Event event, String detail) {
        try {
            events.write(event.id(), event.severity(), "vhdboot " + event.operation() + " " + event.outcome() + ": "
                    + detail);
        } catch (IOException | RuntimeException ignored) {
            // An unregistered or full event log must not fail the operation either.
        }
    }

    private void rotateIfLarge() throws IOException {
        if (!Files.exists(file) || Files.size(file) < ROTATE_AT) {
            return;
        }
        for (int i = KEEP - 1; i >= 1; i--) {
            Path older = file.resolveSibling(FILE_NAME + "." + i);
            if (Files.exists(older)) {
                Files.move(older, file.resolveSibling(FILE_NAME + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }
}
