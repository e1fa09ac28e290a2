package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code vhdboot.journal}: a reset's intent, written before the first change and removed after the last.
 * Its presence tells the next run that a reset was interrupted and which files it was working with.
 *
 * @param target the child being replaced
 * @param replacement the new child, under its temporary name until renamed over the target
 * @param keptOld where the old child goes with {@code --keep-old}, or empty
 */
public record ResetJournal(Role target, String targetFile, String replacement, Optional<String> keptOld,
                           Instant started) {
    public static final String FILE_NAME = "vhdboot.journal";

    public static Path path(Path folder) {
        return folder.resolve(FILE_NAME);
    }

    public static Optional<ResetJournal> read(Path folder) throws IOException {
        Path file = path(folder);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        // Read as bytes: a damaged journal must not stop every reset with a decoding error.
        p.load(new java.io.ByteArrayInputStream(Files.readAllBytes(file)));
        Optional<Role> role = Role.parse(p.getProperty("target", ""));
        String targetFile = p.getProperty("target_file");
        String replacement = p.getProperty("replacement");
        if (role.isEmpty() || targetFile == null || replacement == null) {
            // Written atomically, so this is not ours or was edited; treat it as no intent.
            return Optional.empty();
        }
        String kept = p.getProperty("kept_old");
        Instant started;
        try {
            started = Instant.parse(p.getProperty("started", ""));
        } catch (java.time.format.DateTimeParseException e) {
            started = Instant.EPOCH;
        }
        return Optional.of(new ResetJournal(role.get(), targetFile, replacement,
                kept == null || kept.isBlank() ? Optional.empty() : Optional.of(kept), started));
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        Properties p = new Properties();
        p.setProperty("target", target.key());
        p.setProperty("target_file", targetFile);
        p.setProperty("replacement", replacement);
        keptOld.ifPresent(k -> p.setProperty("kept_old", k));
        p.setProperty("started", started.toString());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        // The byte form escapes any non-Latin-1 file name, so reading it back needs no charset.
        p.store(bytes, "vhdboot reset in progress; the next reset or status finishes it");
        steps.writeAtomically(path(folder), bytes.toByteArray());
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        steps.delete(path(folder));
    }
}
