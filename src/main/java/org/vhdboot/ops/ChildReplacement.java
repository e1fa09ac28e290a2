package org.vhdboot.ops;

import org.vhdboot.disk.Layer;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Replaces a child with a fresh, empty child of an image of the tree, atomically: journal, the new child under a
 * temporary name (durable), the old child kept if asked (a file, or a snapshot), the rename over the old child, the
 * new state recorded in {@code vhdboot.ini}, the journal removed. Killed at any instant, the old child or the new
 * one is there, and {@link #recover} finishes or undoes the rest. {@code reset} and {@code snapshot revert} are this.
 */
final class ChildReplacement {
    private static final DateTimeFormatter AUTO_NAME = DateTimeFormatter.ofPattern("'auto-'yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** What becomes of the old child: nothing, a file beside it ({@code reset --keep-old}), a snapshot. */
    enum Keep { NOTHING, FILE, SNAPSHOT }

    /** @param keptAs the snapshot the old child became */
    record Done(Optional<Path> kept, Optional<String> keptAs) {
    }

    private final OperationContext context;

    ChildReplacement(OperationContext context) {
        this.context = context;
    }

    Done replace(Layout layout, Role role, ImageRef parent, Keep keep, List<String> steps) throws IOException {
        FileSteps files = context.steps();
        ResetFiles reset = ResetFiles.of(layout, role);
        Path target = reset.child();
        Path replacement = reset.replacement();
        Instant now = context.clock().instant();
        boolean keeping = keep != Keep.NOTHING && Files.exists(target);
        Optional<ImageRef> keepAs = keeping && keep == Keep.SNAPSHOT ? Optional.of(autoSnapshot(layout, now))
                : Optional.empty();
        Optional<Path> kept = !keeping ? Optional.empty() : Optional.of(keepAs
                .map(k -> layout.folder().resolve(layout.snapshotFile(k.name()))).orElse(reset.kept(now)));
        ResetJournal journal = new ResetJournal(role, name(target), name(replacement), kept.map(ChildReplacement::name),
                now, Optional.of(parent), keepAs);
        journal.write(layout.folder(), files);
        try {
            context.createChild(layout, replacement, layout.pathOf(parent));
            steps.add("created " + replacement.getFileName() + " as an empty child of " + layout.tree().get(parent).file());
            if (kept.isPresent()) {
                keep(target, kept.get());
                steps.add(keepAs.map(k -> "kept the old child as snapshot " + k.name() + " (" + name(kept.get()) + ")")
                        .orElse("kept the old child as " + name(kept.get())));
            }
            files.move(replacement, target, true);
            steps.add("renamed it over " + target.getFileName());
        } catch (IOException | RuntimeException e) {
            rollBack(layout, target, replacement, kept, e);
            throw e;
        }
        // From here on the new child is in place: a failure leaves the journal for the next command to finish.
        record(layout, journal);
        OperationJournal.clear(layout.folder(), files);
        return new Done(kept, keepAs.map(ImageRef::name));
    }

    /**
     * The old child gets its kept name as a second name (a hard link), so the target is never missing: the rename
     * over it that follows leaves the old file under the kept name alone. Without hard links, a rename.
     */
    private void keep(Path target, Path kept) throws IOException {
        if (!context.steps().link(target, kept)) {
            context.steps().move(target, kept, false);
        }
    }

    /** Whether {@code kept} is still just another name of the target, the rename over it not done. */
    private static boolean stillLinked(Path target, Optional<Path> kept) throws IOException {
        return kept.isPresent() && Files.exists(target) && Files.exists(kept.get())
                && Files.isSameFile(target, kept.get());
    }

    /** {@code auto-YYYYMMDD-HHMMSS}, with a counter when that is taken. */
    private static ImageRef autoSnapshot(Layout layout, Instant at) {
        String stem = AUTO_NAME.format(at);
        String name = stem;
        for (int n = 2; layout.tree().findByName(ImageRef.Kind.SNAPSHOT, name).isPresent()
                || Files.exists(layout.folder().resolve(layout.snapshotFile(name))); n++) {
            name = stem + "-" + n;
        }
        return ImageRef.snapshot(name);
    }

    /**
     * The new child is in place: the layout records what it stands on, and the old child kept as a snapshot (marked
     * read-only, standing on the old base). Saved before the journal goes, and idempotent, for {@link #recover}.
     */
    private void record(Layout layout, ResetJournal journal) throws IOException {
        if (journal.target() == Role.CURRENT) {
            ImageRef oldBase = layout.currentBase();
            if (journal.keepAs().isPresent() && layout.tree().find(journal.keepAs().get()).isEmpty()) {
                Path kept = layout.folder().resolve(journal.keptOld().orElseThrow());
                if (Files.exists(kept)) {
                    ReadOnlyMark.mark(kept);
                    layout.tree().put(TreeImage.snapshot(journal.keepAs().get().name(), name(kept), oldBase,
                            context.clock().instant(), linkId(kept), "kept by snapshot revert"));
                }
            }
            layout.setCurrentBase(journal.parentOr(ImageRef.BASE_VERSION));
        }
        LayoutFile.save(layout, context.steps());
    }

    private String linkId(Path image) throws IOException {
        try (Layer layer = context.disks().openLayer(image)) {
            return layer.linkId().map(Object::toString).orElse(null);
        }
    }

    /**
     * A failure the process survives (a rename refused because a scanner has the file open, say) is undone at
     * once, so nothing half done waits for a later command to finish it. After a crash the journal does it.
     */
    private void rollBack(Layout layout, Path target, Path replacement, Optional<Path> kept, Exception failure) {
        FileSteps files = context.steps();
        try {
            if (kept.isPresent() && !Files.exists(target) && Files.exists(kept.get())) {
                files.move(kept.get(), target, false);
            } else if (stillLinked(target, kept)) {
                files.delete(kept.get());
            }
            if (Files.exists(target)) {
                files.delete(replacement);
            }
            OperationJournal.clear(layout.folder(), files);
        } catch (IOException | RuntimeException again) {
            // The journal stays; the next changing command finishes or undoes what is left.
            failure.addSuppressed(again);
        }
    }

    /**
     * Finishes a replacement that was interrupted (killed, power loss): the state of the child's files says how far
     * it got. Every path leads to a valid child under the target name. The files acted on are the ones the layout
     * defines for the target ({@link ResetFiles}); the journal only has to agree with them.
     */
    JournalRecovery.Outcome recover(Layout layout, ResetJournal journal) throws IOException, OperationException {
        Role role = journal.target();
        ResetFiles reset = ResetFiles.of(layout, role);
        // The same refusals as a reset: never rename over, or move aside, the disk the running system uses.
        if (new RunningSystem(context).bootedFrom(layout).runningFrom(role.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "an interrupted reset of "
                    + role.label() + " cannot be finished while running from it; finish it from " + role.other().label());
        }
        if (context.platform().inUse(reset.child())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "an interrupted reset of "
                    + role.label() + " cannot be finished: " + reset.child().getFileName() + " is in use");
        }
        Path target = reset.child();
        Path replacement = reset.replacement();
        Optional<Path> kept = journal.keptOld().map(name -> layout.folder().resolve(name));
        Path parent = layout.pathOf(journal.parentOr(layout.standsOn(role)));
        refuseTreeImages(layout, replacement, kept);
        FileSteps files = context.steps();
        if (Files.exists(replacement) && linked(replacement, parent)) {
            // The new child was made durable before anything else moved: finish the rename.
            if (kept.isPresent() && Files.exists(target) && !Files.exists(kept.get())) {
                keep(target, kept.get());
            }
            files.move(replacement, target, true);
            record(layout, journal);
            return new JournalRecovery.Outcome("finished an interrupted reset of " + role.key() + ": "
                    + target.getFileName() + " is now a fresh child", true);
        }
        if (Files.exists(replacement)) {
            // The new child never became complete, so the old one was never moved, unless a failed
            // rollback left it under its kept name.
            if (!Files.exists(target) && kept.isPresent() && Files.exists(kept.get())) {
                files.move(kept.get(), target, false);
            } else if (stillLinked(target, kept)) {
                files.delete(kept.get());
            }
            files.delete(replacement);
            return new JournalRecovery.Outcome("rolled back an interrupted reset of " + role.key() + ": the new child"
                    + " was incomplete, " + target.getFileName() + " is unchanged", false);
        }
        if (stillLinked(target, kept)) {
            files.delete(kept.get());
            return new JournalRecovery.Outcome("rolled back an interrupted reset of " + role.key() + ": "
                    + target.getFileName() + " is unchanged", false);
        }
        if (!Files.exists(target) && kept.isPresent() && Files.exists(kept.get())) {
            files.move(kept.get(), target, false);
            return new JournalRecovery.Outcome("rolled back an interrupted reset of " + role.key() + ": restored "
                    + target.getFileName() + " from " + kept.get().getFileName(), false);
        }
        boolean renamed = linked(target, parent);
        if (renamed) {
            // Renamed, but the layout may not record it yet.
            record(layout, journal);
        }
        // Without a kept old child, a child already on the parent may be the old one: only then is it known done.
        return new JournalRecovery.Outcome("cleared the journal of an interrupted reset of " + role.key() + " whose"
                + " files were already in place", renamed && kept.isPresent() && Files.exists(kept.get()));
    }

    /** A second name for an image of the tree (a hard link) placed where the reset's own files go is never moved. */
    private static void refuseTreeImages(Layout layout, Path replacement, Optional<Path> kept) throws IOException,
            LayoutException {
        for (Path file : kept.isPresent() ? List.of(replacement, kept.get()) : List.of(replacement)) {
            for (TreeImage image : layout.tree().all()) {
                Path frozen = layout.folder().resolve(image.file());
                if (!file.equals(frozen) && Files.exists(file) && Files.exists(frozen) && Files.isSameFile(file, frozen)) {
                    throw new LayoutException(file.getFileName() + " is another name of " + image.file() + "; vhdboot"
                            + " did not make it: check the folder and remove " + OperationJournal.FILE_NAME);
                }
            }
        }
    }

    private boolean linked(Path child, Path parent) throws IOException {
        return new ParentCheck(context).linkOf(child, parent) == ParentCheck.ChildLink.LINKED;
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
