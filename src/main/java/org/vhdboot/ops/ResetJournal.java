package org.vhdboot.ops;

import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFileName;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.Role;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A reset's journal, also a revert's ({@code snapshot revert} is a reset onto a snapshot). The files it names must be
 * the ones the layout defines for the target ({@link ResetFiles}), and the image the new child stands on one the layout
 * records.
 *
 * @param target the child being replaced
 * @param replacement the new child, under its temporary name until renamed over the target
 * @param keptOld where the old child goes with {@code --keep-old}, or empty
 * @param parent what the new child stands on; empty in journals of version 1, whose layouts had only the parent
 * @param keepAs the snapshot the old child becomes ({@code snapshot revert --keep-old}); {@code keptOld} is its file
 */
public record ResetJournal(Role target, String targetFile, String replacement, Optional<String> keptOld,
                           Instant started, Optional<ImageRef> parent, Optional<ImageRef> keepAs)
        implements OperationJournal {
    public static final String FILE_NAME = OperationJournal.FILE_NAME;
    static final String OPERATION = "reset";

    public ResetJournal(Role target, String targetFile, String replacement, Optional<String> keptOld, Instant started) {
        this(target, targetFile, replacement, keptOld, started, Optional.empty(), Optional.empty());
    }

    /** The reset journal beside {@code layout}, when the journal there is a reset's. */
    public static Optional<ResetJournal> read(Layout layout) throws IOException, LayoutException {
        return OperationJournal.read(layout).filter(ResetJournal.class::isInstance).map(ResetJournal.class::cast);
    }

    static ResetJournal parse(LayoutText text, LayoutText.Section settings, Layout layout) throws LayoutException {
        LayoutText.Entry targetEntry = OperationJournal.required(text, settings, "target");
        Role role = Role.parse(targetEntry.value())
                .orElseThrow(() -> text.invalid(targetEntry, "is not current or recovery"));
        ResetFiles files = ResetFiles.of(layout, role);
        String what = "a reset of " + role.key();
        String targetFile = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "target_file"),
                layout, files.child().getFileName().toString(), what);
        String replacement = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "replacement"),
                layout, files.replacement().getFileName().toString(), what);
        Optional<ImageRef> parent = parent(text, settings, layout, role);
        Optional<ImageRef> keepAs = keepAs(text, settings);
        Optional<String> kept = Optional.empty();
        Optional<LayoutText.Entry> keptEntry = settings.entry("kept_old").filter(e -> !e.value().isEmpty());
        if (keepAs.isPresent()) {
            kept = Optional.of(OperationJournal.agreeing(text, keptEntry.orElseThrow(() -> text.missing(settings,
                    "kept_old")), layout, layout.snapshotFile(keepAs.get().name()), "the snapshot " + keepAs.get().name()));
        } else if (keptEntry.isPresent()) {
            String name = LayoutFileName.check(text, keptEntry.get(), layout.folder());
            if (!files.isKeptName(name)) {
                throw text.invalid(keptEntry.get(), "is not a name a reset of " + role.key() + " keeps the old child"
                        + " under (" + files.keptForm() + "); vhdboot did not write this journal: check the folder"
                        + " and remove it");
            }
            kept = Optional.of(name);
        }
        return new ResetJournal(role, targetFile, replacement, kept, OperationJournal.started(settings), parent, keepAs);
    }

    private static Optional<ImageRef> parent(LayoutText text, LayoutText.Section settings, Layout layout, Role role)
            throws LayoutException {
        Optional<LayoutText.Entry> entry = settings.entry("parent");
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        ImageRef ref = ImageRef.parse(entry.get().value()).orElseThrow(() -> text.invalid(entry.get(),
                "is not version:NAME or snapshot:NAME"));
        if (layout.tree().find(ref).isEmpty() || (role == Role.RECOVERY && !ref.equals(layout.standsOn(Role.RECOVERY)))) {
            throw text.invalid(entry.get(), "is not an image a reset of " + role.key() + " can stand on; vhdboot did"
                    + " not write this journal: check the folder and remove it");
        }
        return Optional.of(ref);
    }

    private static Optional<ImageRef> keepAs(LayoutText text, LayoutText.Section settings) throws LayoutException {
        Optional<LayoutText.Entry> entry = settings.entry("keep_as");
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ImageRef.parse(entry.get().value()).filter(ImageRef::isSnapshot).orElseThrow(() ->
                text.invalid(entry.get(), "is not snapshot:NAME")));
    }

    /** What the new child stands on. */
    ImageRef parentOr(ImageRef fallback) {
        return parent.orElse(fallback);
    }

    @Override
    public String describe() {
        return keptRevertTarget().map(name -> "a snapshot revert to " + name + " with --keep-old")
                .orElse("a reset of " + target.key()) + " started " + started;
    }

    @Override
    public boolean touches(Role role) {
        return role == target;
    }

    /**
     * The command that finishes this job: the one that began it, with its options. Another would roll it back and then
     * do something else: a plain reset after a killed {@code --keep-old} discards the changes it was keeping, and
     * after a killed revert or {@code --to-parent} lands on the old base.
     */
    @Override
    public Optional<String> finishingCommand(Layout layout) {
        String keep = keptOld.isPresent() ? " --keep-old" : "";
        ImageRef base = layout.standsOn(target);
        ImageRef onto = parentOr(base);
        if (keptRevertTarget().isPresent() || (target == Role.CURRENT && onto.isSnapshot() && !onto.equals(base))) {
            return Optional.of("vhdboot snapshot revert " + onto.name() + keep);
        }
        if (target == Role.CURRENT && !onto.equals(base) && onto.equals(layout.currentVersion())) {
            return Optional.of("vhdboot reset current --to-parent" + keep);
        }
        return Optional.of("vhdboot reset " + target.key() + keep);
    }

    private Optional<String> keptRevertTarget() {
        return keepAs.isPresent() ? parent.filter(ImageRef::isSnapshot).map(ImageRef::name) : Optional.empty();
    }

    /** Written before the operation's first change. */
    public void write(Path folder, FileSteps steps) throws IOException {
        LayoutText.Writer text = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot reset in progress; the next reset finishes it")
                .put("operation", OPERATION)
                .put("target", target.key())
                .put("target_file", targetFile)
                .put("replacement", replacement);
        keptOld.ifPresent(k -> text.put("kept_old", k));
        parent.ifPresent(p -> text.put("parent", p.toString()));
        keepAs.ifPresent(k -> text.put("keep_as", k.toString()));
        text.put("started", started.toString());
        text.writeAtomically(OperationJournal.path(folder), steps);
    }

    public static void clear(Path folder, FileSteps steps) throws IOException {
        OperationJournal.clear(folder, steps);
    }
}
