package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code vhdboot.journal}: a reset's intent, written before the first change and removed after the last.
 * Its presence tells the next reset that one was interrupted. The files it names must be the ones the layout
 * defines for the target ({@link ResetFiles}); a journal that names anything else was not written by vhdboot
 * and is refused, so acting on it can never reach another file.
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

    /**
     * The journal beside {@code layout}, checked against it.
     *
     * @throws LayoutException when the journal is malformed or names a file the layout does not define for
     *                         its target; nothing has been changed then
     */
    public static Optional<ResetJournal> read(Layout layout) throws IOException, LayoutException {
        Optional<LayoutText> read = LayoutText.readIfPresent(path(layout.folder()), LayoutText.Escapes.BACKSLASH);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        LayoutText text = read.get();
        LayoutText.Section settings = text.section(LayoutText.NO_SECTION).orElseThrow();
        if (settings.entry("operation").filter(e -> e.value().startsWith("image-")).isPresent()) {
            // An image command's journal: checked as strictly, so every reader refuses one vhdboot did not write.
            ImageJournal.read(layout);
            return Optional.empty();
        }
        LayoutText.Entry targetEntry = required(text, settings, "target");
        Role role = Role.parse(targetEntry.value())
                .orElseThrow(() -> text.invalid(targetEntry, "is not current or recovery"));
        ResetFiles files = ResetFiles.of(layout, role);
        Path folder = layout.folder();
        String targetFile = agreeing(text, required(text, settings, "target_file"), folder, files.child(), role);
        String replacement = agreeing(text, required(text, settings, "replacement"), folder, files.replacement(), role);
        Optional<String> kept = Optional.empty();
        Optional<LayoutText.Entry> keptEntry = settings.entry("kept_old").filter(e -> !e.value().isEmpty());
        if (keptEntry.isPresent()) {
            String name = LayoutFileName.check(text, keptEntry.get(), folder);
            if (!files.isKeptName(name)) {
                throw text.invalid(keptEntry.get(), "is not a name a reset of " + role.key() + " keeps the old child"
                        + " under (" + files.keptForm() + "); vhdboot did not write this journal: check the folder"
                        + " and remove it");
            }
            kept = Optional.of(name);
        }
        return Optional.of(new ResetJournal(role, targetFile, replacement, kept, started(settings)));
    }

    private static LayoutText.Entry required(LayoutText text, LayoutText.Section settings, String key)
            throws LayoutException {
        return settings.entry(key).orElseThrow(() -> text.missing(settings, key));
    }

    /** A name the journal records must be the one the layout defines: the journal only confirms it. */
    private static String agreeing(LayoutText text, LayoutText.Entry entry, Path folder, Path defined, Role role)
            throws LayoutException {
        String name = LayoutFileName.check(text, entry, folder);
        String expected = defined.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))) {
            throw text.invalid(entry, "is not the file a reset of " + role.key() + " uses (" + expected + "); vhdboot"
                    + " did not write this journal: check the folder and remove it");
        }
        return expected;
    }

    /** Only shown to the user, so an unreadable time does not keep a reset from being finished. */
    private static Instant started(LayoutText.Section settings) {
        try {
            return settings.entry("started").map(e -> Instant.parse(e.value())).orElse(Instant.EPOCH);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        LayoutText.Writer text = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot reset in progress; the next reset finishes it")
                .put("target", target.key())
                .put("target_file", targetFile)
                .put("replacement", replacement);
        keptOld.ifPresent(k -> text.put("kept_old", k));
        text.put("started", started.toString());
        steps.writeAtomically(path(folder), text.bytes());
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        steps.delete(path(folder));
    }
}
