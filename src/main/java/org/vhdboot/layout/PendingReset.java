package org.vhdboot.layout;

import org.vhdboot.oci.Rfc3339Time;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code vhdboot.pending}: written on the host volume in Current before it restarts into Recovery, so the agent in
 * Recovery knows what to do there: a nightly reset, a snapshot ({@code snapshot create --at-restart}), or both (the
 * snapshot first). Cleared by Recovery whatever the outcome, so a failure never restarts into a loop. A mark vhdboot
 * could not have written is refused, never guessed at.
 *
 * @param reset whether Recovery resets {@code target}; marks of version 1 always asked for a reset
 * @param snapshot the snapshot of Current Recovery takes first, if any
 */
public record PendingReset(Role target, Instant due, Instant requested, boolean reset, Optional<Snapshot> snapshot) {
    public static final String FILE_NAME = "vhdboot.pending";

    /** A snapshot asked for with {@code --at-restart}. */
    public record Snapshot(String name, String note) {
    }

    /** A nightly reset of {@code target}, as the agent asks for it. */
    public PendingReset(Role target, Instant due, Instant requested) {
        this(target, due, requested, true, Optional.empty());
    }

    /** Only a snapshot of Current, at the next restart. */
    public static PendingReset snapshotOnly(Snapshot snapshot, Instant requested) {
        return new PendingReset(Role.CURRENT, requested, requested, false, Optional.of(snapshot));
    }

    /** This mark with a nightly reset of Current due at {@code due} added, keeping a snapshot request. */
    public PendingReset withReset(Instant due, Instant now) {
        return new PendingReset(Role.CURRENT, due, now, true, snapshot);
    }

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
        boolean reset = true;
        Optional<LayoutText.Entry> resetEntry = settings.entry("reset");
        if (resetEntry.isPresent()) {
            if (!resetEntry.get().value().equals("yes") && !resetEntry.get().value().equals("no")) {
                throw text.invalid(resetEntry.get(), "is not yes or no");
            }
            reset = resetEntry.get().value().equals("yes");
        }
        Optional<Snapshot> snapshot = Optional.empty();
        Optional<LayoutText.Entry> name = settings.entry("snapshot");
        if (name.isPresent()) {
            if (ImageName.problem(name.get().value()).isPresent() || role != Role.CURRENT) {
                throw text.invalid(name.get(), "is not a snapshot name Recovery can take of Current");
            }
            snapshot = Optional.of(new Snapshot(name.get().value(),
                    settings.entry("note").map(LayoutText.Entry::value).orElse("")));
        }
        return Optional.of(new PendingReset(role, instant(text, settings, "due"), instant(text, settings, "requested"),
                reset, snapshot));
    }

    private static Instant instant(LayoutText text, LayoutText.Section settings, String key) throws LayoutException {
        LayoutText.Entry entry = settings.entry(key).orElseThrow(() -> text.missing(settings, key));
        try {
            return Rfc3339Time.parse(entry.value());
        } catch (DateTimeParseException e) {
            throw text.invalid(entry, "is not a time (like 2026-11-30T01:00:00Z)");
        }
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        LayoutText.Writer text = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot: Recovery " + (snapshot.isPresent() ? "takes a snapshot of current" : "")
                        + (snapshot.isPresent() && reset ? " and " : "") + (reset ? "resets " + target.key() : "")
                        + " at its next start, then removes this file")
                .put("target", target.key())
                .put("due", due.toString())
                .put("requested", requested.toString())
                .put("reset", reset ? "yes" : "no");
        snapshot.ifPresent(s -> text.put("snapshot", s.name()).put("note", s.note()));
        text.writeAtomically(folder.resolve(FILE_NAME), steps);
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        steps.delete(folder.resolve(FILE_NAME));
    }
}
