package org.vhdboot.ops;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code vhdboot.pending}: written on the host volume by the agent in Current before it restarts into
 * Recovery, so the agent in Recovery knows to reset. Cleared by Recovery whatever the outcome, so a failed
 * reset never restarts into a loop.
 */
public record PendingReset(Role target, Instant due, Instant requested) {
    public static final String FILE_NAME = "vhdboot.pending";

    public static Optional<PendingReset> read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        // Read as bytes, like the journal: a damaged marker must not stop every tick with a decoding error.
        p.load(new ByteArrayInputStream(Files.readAllBytes(file)));
        try {
            return Optional.of(new PendingReset(Role.parse(p.getProperty("target", "current")).orElse(Role.CURRENT),
                    Instant.parse(p.getProperty("due")), Instant.parse(p.getProperty("requested"))));
        } catch (RuntimeException e) {
            // Unreadable marker: treat as a request for the default reset now.
            return Optional.of(new PendingReset(Role.CURRENT, Instant.EPOCH, Instant.EPOCH));
        }
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        Properties p = new Properties();
        p.setProperty("target", target.key());
        p.setProperty("due", due.toString());
        p.setProperty("requested", requested.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.store(bytes, "vhdboot: Recovery resets " + target.key() + " at its next start, then removes this file");
        steps.writeAtomically(folder.resolve(FILE_NAME), bytes.toByteArray());
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        steps.delete(folder.resolve(FILE_NAME));
    }
}
