package org.vhdboot.ops;

import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFileName;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The journal of an {@code image} command in {@code vhdboot.journal} ({@code operation = image-…}): written before its
 * first change, removed after its last, so the next changing command finishes or undoes it
 * ({@link ImageJournalRecovery}). It names versions and slots; the files it may create, rename or delete are derived
 * from those names and the layout ({@link #files}), written for the admin to see, and on reading must agree with the
 * derived ones: a journal naming any other file was not written by vhdboot and is refused before anything changes.
 *
 * @param version the version committed, added, switched to, confirmed or rolled back; for prune the versions deleted
 * @param parent the version a new version stands on (commit, add)
 * @param from the slot that was active (switch, confirm, rollback); for prune the slot deleted, if any
 * @param to the slot a switch prepared
 * @param export for commit: a new layer file is written (snapshots lie between Current and its version)
 */
public record ImageJournal(Operation operation, List<String> version, Optional<String> parent, Optional<Slot> from,
                           Optional<Slot> to, boolean export, String note, Instant started)
        implements OperationJournal {
    public static final String FILE_NAME = OperationJournal.FILE_NAME;
    /** What every image command's {@code operation} value starts with. */
    static final String PREFIX = "image-";

    /**
     * The image commands that journal, by their {@code operation} value. {@code image-add} is only read: adds of
     * earlier vhdboot versions wrote it; an add journals as {@link VersionRecordingJournal} now.
     */
    public enum Operation {
        COMMIT, ADD, SWITCH, CONFIRM, ROLLBACK, PRUNE;

        public String key() {
            return PREFIX + name().toLowerCase(Locale.ROOT);
        }

        static Optional<Operation> parse(String text) {
            for (Operation operation : values()) {
                if (operation.key().equals(text)) {
                    return Optional.of(operation);
                }
            }
            return Optional.empty();
        }
    }

    public ImageJournal {
        version = List.copyOf(version);
    }

    /** The one version every operation but prune names. */
    public String versionName() {
        return version.get(0);
    }

    /**
     * The files this operation may create, rename or delete, by journal key: all derived from the layout and the
     * journal's names, never read from the journal.
     */
    public Map<String, String> files(Layout layout) {
        Map<String, String> files = new LinkedHashMap<>();
        switch (operation) {
            case COMMIT -> {
                String current = layout.child(Role.CURRENT).file();
                files.put("target_file", current);
                files.put("replacement", temporary(layout, current));
                files.put("frozen", layout.versionFile(versionName()));
                files.put("staged", temporary(layout, layout.versionFile(versionName())));
            }
            case ADD -> {
                files.put("frozen", layout.versionFile(versionName()));
                files.put("staged", temporary(layout, layout.versionFile(versionName())));
            }
            case SWITCH -> {
                String slot = to.orElseThrow().fileFor(layout);
                files.put("slot_file", slot);
                files.put("replacement", temporary(layout, slot));
            }
            case CONFIRM, ROLLBACK -> {
                String recovery = layout.child(Role.RECOVERY).file();
                files.put("recovery_file", recovery);
                files.put("replacement", temporary(layout, recovery));
            }
            case PRUNE -> {
                for (int i = 0; i < version.size(); i++) {
                    files.put("delete_" + (i + 1), layout.versionFile(version.get(i)));
                }
                from.ifPresent(slot -> files.put("delete_slot", slot.fileFor(layout)));
            }
            default -> throw new IllegalStateException(operation.toString());
        }
        return files;
    }

    private static String temporary(Layout layout, String file) {
        return StagedFile.temporaryFor(layout.folder().resolve(file)).getFileName().toString();
    }

    /** What was under way, for {@code status} and messages: {@code image switch 2026-12 started …}. */
    @Override
    public String describe() {
        String what = operation == Operation.PRUNE ? "image prune" : operation.key().replace('-', ' ') + " "
                + versionName();
        return what + " started " + started;
    }

    /** A switch, confirm and rollback set entries and the default; a prune deletes the pruned slot's entry. */
    @Override
    public boolean changesBootEntries() {
        return operation == Operation.SWITCH || operation == Operation.CONFIRM || operation == Operation.ROLLBACK
                || operation == Operation.PRUNE;
    }

    /** A commit replaces Current; a confirm or rollback, Recovery; a switch writes the other slot, no role's child. */
    @Override
    public boolean touches(Role role) {
        return switch (operation) {
            case COMMIT -> role == Role.CURRENT;
            case CONFIRM, ROLLBACK -> role == Role.RECOVERY;
            default -> false;
        };
    }

    /**
     * A commit is finished by committing again: stopped before its version file exists, any other command undoes it,
     * which leaves Current's changes to that command (a reset discards them). Switch, confirm, rollback and prune lose
     * nothing whichever command finishes or undoes them (the last three are always finished).
     */
    @Override
    public Optional<String> finishingCommand(Layout layout) {
        return operation == Operation.COMMIT ? Optional.of("vhdboot image commit " + versionName()) : Optional.empty();
    }

    /**
     * The image journal beside {@code layout}, checked against it; empty when there is none, or the journal is
     * another operation's (a reset's).
     *
     * @throws LayoutException when it is malformed or names a file, version or slot the layout does not define for it
     */
    public static Optional<ImageJournal> read(Layout layout) throws IOException, LayoutException {
        return OperationJournal.read(layout).filter(ImageJournal.class::isInstance).map(ImageJournal.class::cast);
    }

    static ImageJournal parse(LayoutText text, LayoutText.Section settings, Layout layout) throws LayoutException {
        LayoutText.Entry operationEntry = settings.entry("operation").orElseThrow(() -> text.missing(settings,
                "operation"));
        Operation operation = Operation.parse(operationEntry.value()).orElseThrow(() ->
                text.invalid(operationEntry, "is not an operation vhdboot journals"));
        List<String> versions = versions(text, settings, operation);
        Optional<String> parent = settings.entry("parent").isEmpty() ? Optional.empty()
                : Optional.of(recordedVersion(text, settings.entry("parent").get(), layout, settings.entry("parent").get().value()));
        Optional<Slot> from = slot(text, settings, "from");
        Optional<Slot> to = slot(text, settings, "to");
        if ((operation == Operation.COMMIT || operation == Operation.ADD) && parent.isEmpty()) {
            throw text.missing(settings, "parent");
        }
        if (operation == Operation.SWITCH || operation == Operation.CONFIRM || operation == Operation.ROLLBACK) {
            if (from.isEmpty() || to.isEmpty()) {
                throw text.missing(settings, from.isEmpty() ? "from" : "to");
            }
            if (from.equals(to)) {
                throw text.invalid(settings.entry("to").orElseThrow(), "is the slot of from; vhdboot did not write"
                        + " this journal: check the folder and remove it");
            }
            recordedVersion(text, settings.entry("version").orElseThrow(), layout, versions.get(0));
            slotsAgree(text, settings, operation, versions.get(0), from.get(), to.get(), layout);
        }
        boolean export = settings.entry("mode").map(LayoutText.Entry::value).filter("export"::equals).isPresent();
        String note = settings.entry("note").map(LayoutText.Entry::value).orElse("");
        ImageJournal journal = new ImageJournal(operation, versions, parent, from, to, export, note,
                OperationJournal.started(settings));
        for (Map.Entry<String, String> file : journal.files(layout).entrySet()) {
            agreeing(text, settings, file.getKey(), file.getValue(), journal, layout);
        }
        return journal;
    }

    private static List<String> versions(LayoutText text, LayoutText.Section settings, Operation operation)
            throws LayoutException {
        LayoutText.Entry entry = settings.entry("version").orElseThrow(() -> text.missing(settings, "version"));
        List<String> names = new ArrayList<>();
        for (String name : entry.value().isEmpty() ? new String[0] : entry.value().split(",")) {
            if (ImageName.problem(name.strip()).isPresent()) {
                throw text.invalid(entry, "is not a version name");
            }
            names.add(name.strip());
        }
        if (operation != Operation.PRUNE && names.size() != 1) {
            throw text.invalid(entry, "is not one version name");
        }
        return names;
    }

    private static String recordedVersion(LayoutText text, LayoutText.Entry entry, Layout layout, String name)
            throws LayoutException {
        if (ImageName.problem(name).isPresent()
                || layout.tree().find(new ImageRef(ImageRef.Kind.VERSION, name)).isEmpty()) {
            throw text.invalid(entry, "is not a version the layout records; vhdboot did not write this journal: check"
                    + " the folder and remove it");
        }
        return name;
    }

    /**
     * A switch starts from the active slot, which stays active until it is confirmed; a confirm or a rollback acts on
     * the switch the ini records, with its version and slots, and on slots the layout has: it makes {@code to}, or for
     * a rollback {@code from}, the active slot, and the ini could not be read again with an active slot it lacks.
     */
    private static void slotsAgree(LayoutText text, LayoutText.Section settings, Operation operation, String version,
                                   Slot from, Slot to, Layout layout) throws LayoutException {
        String notOurs = "; vhdboot did not write this journal: check the folder and remove it";
        if (operation == Operation.SWITCH) {
            if (from != layout.activeSlot()) {
                throw text.invalid(settings.entry("from").orElseThrow(), "is not the active slot" + notOurs);
            }
            return;
        }
        boolean recorded = layout.lastSwitch().filter(last -> last.version().equals(version) && last.from() == from
                && last.to() == to).isPresent();
        if (!recorded) {
            throw text.invalid(settings.entry("version").orElseThrow(), "is not the switch " + Layout.INI_NAME
                    + " records (from, to and version)" + notOurs);
        }
        Slot activated = operation == Operation.CONFIRM ? to : from;
        if (layout.slot(activated).isEmpty()) {
            throw text.invalid(settings.entry(operation == Operation.CONFIRM ? "to" : "from").orElseThrow(),
                    "is a slot the layout does not have" + notOurs);
        }
    }

    private static Optional<Slot> slot(LayoutText text, LayoutText.Section settings, String key)
            throws LayoutException {
        Optional<LayoutText.Entry> entry = settings.entry(key).filter(e -> !e.value().isEmpty());
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Slot.parse(entry.get().value()).orElseThrow(() -> text.invalid(entry.get(),
                "is not a or b")));
    }

    /** A file the journal names must be the one the layout derives: the journal only confirms it. */
    private static void agreeing(LayoutText text, LayoutText.Section settings, String key, String expected,
                                 ImageJournal journal, Layout layout) throws LayoutException {
        LayoutText.Entry entry = settings.entry(key).orElseThrow(() -> text.missing(settings, key));
        String name = LayoutFileName.check(text, entry, layout.folder());
        if (!name.equalsIgnoreCase(expected)) {
            throw text.invalid(entry, "is not the file " + journal.operation.key().replace('-', ' ') + " uses ("
                    + expected + "); vhdboot did not write this journal: check the folder and remove it");
        }
    }

    public void write(Layout layout, FileSteps steps) throws IOException {
        LayoutText.Writer text = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot " + operation.key().replace('-', ' ') + " in progress; the next changing command"
                        + " finishes or undoes it")
                .put("operation", operation.key())
                .put("version", String.join(",", version));
        parent.ifPresent(p -> text.put("parent", p));
        from.ifPresent(slot -> text.put("from", slot.key()));
        to.ifPresent(slot -> text.put("to", slot.key()));
        if (operation == Operation.COMMIT) {
            text.put("mode", export ? "export" : "freeze");
        }
        if (!note.isEmpty()) {
            text.put("note", note);
        }
        files(layout).forEach(text::put);
        text.put("started", started.toString());
        text.writeAtomically(OperationJournal.path(layout.folder()), steps);
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        OperationJournal.clear(folder, steps);
    }
}
