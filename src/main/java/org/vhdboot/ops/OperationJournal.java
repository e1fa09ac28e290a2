package org.vhdboot.ops;

import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFileName;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.Rfc3339Time;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code vhdboot.journal}: the intent of one changing operation, written before its first change and removed after
 * its last, so the next changing command finishes or undoes an operation that was killed. Each kind names the files
 * it works on, and each must be a file the layout defines for that operation: the journal only confirms them, so
 * acting on it can never reach another file. A journal naming anything else was not written by vhdboot and is
 * refused before anything changes.
 */
public sealed interface OperationJournal permits ResetJournal, SnapshotCreateJournal, SnapshotDeleteJournal,
        ImageJournal, VersionRecordingJournal {
    String FILE_NAME = "vhdboot.journal";

    static Path path(Path folder) {
        return folder.resolve(FILE_NAME);
    }

    /**
     * The journal beside {@code layout}, checked against it.
     *
     * @throws LayoutException when it is malformed or names a file or image the layout does not define for it
     */
    static Optional<OperationJournal> read(Layout layout) throws IOException, LayoutException {
        Optional<LayoutText> read = LayoutText.readIfPresent(path(layout.folder()), LayoutText.Escapes.BACKSLASH);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        LayoutText text = read.get();
        LayoutText.Section settings = text.section(LayoutText.NO_SECTION).orElseThrow();
        Optional<LayoutText.Entry> operation = settings.entry("operation");
        // Journals of version 1 were a reset's, without this key.
        String kind = operation.map(LayoutText.Entry::value).orElse(ResetJournal.OPERATION);
        switch (kind) {
            case ResetJournal.OPERATION:
                return Optional.of(ResetJournal.parse(text, settings, layout));
            case SnapshotCreateJournal.OPERATION:
                return Optional.of(SnapshotCreateJournal.parse(text, settings, layout));
            case SnapshotDeleteJournal.OPERATION:
                return Optional.of(SnapshotDeleteJournal.parse(text, settings, layout));
            case VersionRecordingJournal.OPERATION:
                return Optional.of(VersionRecordingJournal.parse(text, settings, layout));
            default:
                if (kind.startsWith(ImageJournal.PREFIX)) {
                    return Optional.of(ImageJournal.parse(text, settings, layout));
                }
                throw text.invalid(operation.orElseThrow(), "is not an operation vhdboot journals");
        }
    }

    /**
     * Refuses a dry run while a job is half done: the real run finishes or undoes that job first, so the layout as it
     * is now (a version file not yet recorded, a child half replaced) is not what the real run would check, and
     * judging it would give wrong advice. The refusal says what finishes the job instead.
     */
    static void refuseDryRunWhilePending(Layout layout) throws IOException, OperationException {
        Optional<OperationJournal> pending = read(layout);
        if (pending.isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "a dry run checks the layout as it is,"
                    + " and " + pending.get().describe() + " was interrupted; " + pending.get().finishedBy(layout)
                    + ": run that, then the dry run again");
        }
    }

    static void clear(Path folder, FileSteps steps) throws IOException {
        steps.delete(path(folder));
    }

    /** What was under way, for {@code status}: {@code a reset of current started 2026-…}. */
    String describe();

    /**
     * The command that finishes this job, where running another one could cost what the job keeps (a reset after an
     * interrupted commit rolls the commit back, then discards Current's changes); empty where any changing command
     * finishes or undoes it without loss.
     */
    Optional<String> finishingCommand(Layout layout);

    /** Whether this job replaces or writes {@code role}'s child: a child it left half way is its doing. */
    boolean touches(Role role);

    /** Whether this job changes boot entries (which is the default, their names, the menu): left half way, theirs. */
    default boolean changesBootEntries() {
        return false;
    }

    /** What {@code status}, the lists and a refusal say of it: the job, and the command that finishes it. */
    default String interrupted(Layout layout) {
        return describe() + " was interrupted; " + finishedBy(layout);
    }

    /** What {@link #interrupted} says after "… was interrupted; ". */
    default String finishedBy(Layout layout) {
        // Not "the next changing command": it goes on to its own job after, and a reset's discards Current's changes.
        return finishingCommand(layout).map(command -> "`" + command + "` finishes it")
                .orElse("`vhdboot finish` finishes or undoes it and does nothing else");
    }

    static LayoutText.Entry required(LayoutText text, LayoutText.Section settings, String key) throws LayoutException {
        return settings.entry(key).orElseThrow(() -> text.missing(settings, key));
    }

    /** Only shown to the user, so an unreadable time does not keep an operation from being finished. */
    static Instant started(LayoutText.Section settings) {
        try {
            return settings.entry("started").map(e -> Rfc3339Time.parse(e.value())).orElse(Instant.EPOCH);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** A snapshot named by the journal: a valid name the layout records. */
    static TreeImage recordedSnapshot(LayoutText text, LayoutText.Entry entry, Layout layout) throws LayoutException {
        if (ImageName.problem(entry.value()).isPresent()) {
            throw text.invalid(entry, "is not a snapshot name");
        }
        return layout.tree().find(ImageRef.snapshot(entry.value())).orElseThrow(() -> text.invalid(entry,
                "is not a snapshot the layout records; vhdboot did not write this journal: check the folder and"
                        + " remove it"));
    }

    /** A file the journal names must be the one the layout defines: the journal only confirms it. */
    static String agreeing(LayoutText text, LayoutText.Entry entry, Layout layout, String expected, String what)
            throws LayoutException {
        String name = LayoutFileName.check(text, entry, layout.folder());
        if (!name.equalsIgnoreCase(expected)) {
            throw text.invalid(entry, "is not the file " + what + " uses (" + expected + "); vhdboot did not write"
                    + " this journal: check the folder and remove it");
        }
        return expected;
    }
}
