package org.vhdboot.ops;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        Optional<Role> role = Role.parse(p.getProperty("target", ""));
        String targetFile = p.getProperty("target_file");
        String replacement = p.getProperty("replacement");
        if (role.isEmpty() || targetFile == null || replacement == null) {
            // Written atomically, so this is not ours or was edited; treat it as no intent.
            return Optional.empty();
        }
        String kept = p.getProperty("kept_old");
        String started = p.getProperty("started");
        return Optional.of(new ResetJournal(role.get(), targetFile, replacement,
                kept == null || kept.isBlank() ? Optional.empty() : Optional.of(kept),
                started == null ? Instant.EPOCH : Instant.parse(started)));
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        Properties p = new Properties();
        p.setProperty("target", target.key());
        p.setProperty("target_file", targetFile);
        p.setProperty("replacement", replacement);
        keptOld.ifPresent(k -> p.setProperty("kept_old", k));
        p.setProperty("started", started.toString());
        StringWriter text = new StringWriter();
        p.store(text, "vhdboot reset in progress; the next reset or status finishes it");
        steps.writeAtomically(path(folder), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        steps.delete(path(folder));
    }
}
