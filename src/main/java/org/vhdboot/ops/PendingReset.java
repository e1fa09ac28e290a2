package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code vhdboot.pending}: written on the host volume by the agent in Current before it restarts into
 * Recovery, so the agent in Recovery knows to reset. Cleared by Recovery whatever the outcome, so a failed
 * reset never restarts into a loop. A mark vhdboot could not have written is refused, never guessed at.
 */
public record PendingReset(Role target, Instant due, Instant requested) {
    public static final String FILE_NAME = "vhdboot.pending";

    /** @throws LayoutException when the mark is malformed; nothing has been changed then */
    public static Optional<PendingReset> read(Path folder) throws IOException, LayoutException {
        Optional<LayoutText> read = LayoutText.readIfPresent(folder.resolve(FILE_NAME), LayoutText.Escapes.BACKSLASH);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        LayoutText text = read.get();
        LayoutText.Section settings = text.section(LayoutText.NO_SECTION).orElseThrow();
        LayoutText.Entry target = settings.entry("target").orElseThrow(() -> text.missing(settings, "target"));
        Role role = Role.parse(target.value()).orElseThrow(() -> text.invalid(target, "is not current or recovery"));
        return Optional.of(new PendingReset(role, instant(text, settings, "due"),
                instant(text, settings, "requested")));
    }

    private static Instant instant(LayoutText text, LayoutText.Section settings, String key) throws LayoutException {
        LayoutText.Entry entry = settings.entry(key).orElseThrow(() -> text.missing(settings, key));
        try {
            return Instant.parse(entry.value());
        } catch (DateTimeParseException e) {
            throw text.invalid(entry, "is not a time (like 2026-11-30T01:00:00Z)");
        }
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        byte[] text = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot: Recovery resets " + target.key() + " at its next start, then removes this file")
                .put("target", target.key())
                .put("due", due.toString())
                .put("requested", requested.toString())
                .bytes();
        steps.writeAtomically(folder.resolve(FILE_NAME), text);
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        steps.delete(folder.resolve(FILE_NAME));
    }
}
