package org.vhdboot.ops;

import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageNote;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot image commit VERSION}: Current's state becomes a new read-only version on top of Current's version,
 * and a fresh Current stands on it. How an admin updates the master machine: reset, boot Current, install updates,
 * then commit from Recovery, WinPE or Linux (never while Current runs).
 * <p>
 * When Current stands directly on its version, its file is frozen as the version, like {@code snapshot create}: flat
 * in disk size. When snapshots lie between, a new layer file is written holding every sector defined above the
 * version, and the snapshots stay as they are. Either way journalled ({@link ImageJournal}): before the version file
 * exists under its name the commit rolls back, after that it rolls forward.
 */
public final class ImageCommitOperation {
    /** @param progress told how far the SHA-256 of the new version's file got: it reads the whole layer */
    public record Options(String version, Optional<String> note, boolean dryRun, TransferProgress progress) {
    }

    /**
     * @param exported whether a new layer file was written (snapshots lay between Current and its version)
     * @param storedBytes the bytes the version's file stores of the virtual disk
     */
    public record Result(String version, String file, String parent, boolean exported, long storedBytes,
                         String sha256, boolean dryRun, List<String> plan, Optional<String> recovered,
                         long durationMillis) {
    }

    private final OperationContext context;

    public ImageCommitOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        ImageName.checkNew(options.version(), "version");
        ImageNote.check(options.note().orElse(null), "version");
        LayoutFile.requireRoomToGrow(loaded, "image commit");
        if (options.dryRun()) {
            LayoutChange.dryRunCheck(context, loaded, "image commit");
            boolean export = checkCommittable(loaded, options.version());
            return new Result(options.version(), loaded.versionFile(options.version()), loaded.currentVersion().name(),
                    export, 0, null, true, plan(loaded, options.version(), export), Optional.empty(), 0);
        }
        try (LayoutChange change = LayoutChange.begin(context, loaded, "image commit")) {
            Layout layout = change.layout();
            ImageRef ref = VersionRecords.ref(options.version());
            Optional<String> interruptedNote = noteOfInterrupted(change, options.version());
            if (change.recovered().isPresent() && layout.currentBase().equals(ref)) {
                // The rerun of a commit that was interrupted: finishing it was the whole job.
                TreeImage version = layout.tree().get(ref);
                String kept = version.note() == null ? "" : version.note();
                if (options.note().isPresent() && !options.note().get().equals(kept)) {
                    context.reporter().warn("version " + version.name() + " keeps the note its interrupted commit"
                            + " was started with" + (kept.isEmpty() ? " (none)" : ": " + kept));
                }
                return done(layout, version, false, List.of(), change.recovered(), started);
            }
            Optional<String> note = options.note().or(() -> interruptedNote);
            boolean export = checkCommittable(layout, options.version());
            ImageJournal journal = new ImageJournal(ImageJournal.Operation.COMMIT, List.of(options.version()),
                    Optional.of(layout.currentVersion().name()), Optional.empty(), Optional.empty(), export,
                    note.orElse(""), started);
            List<String> steps = new ArrayList<>();
            try {
                journal.write(layout, context.steps());
                if (export) {
                    export(layout, journal, steps);
                } else {
                    freeze(layout, journal, steps);
                }
                finishCurrent(layout, journal, steps, options.progress());
            } catch (IOException | RuntimeException e) {
                new ImageJournalRecovery(context).afterFailure(layout, e, "image commit " + options.version(), started);
                RefusedWrite.rethrowExplained(e, "image commit " + options.version(), layout);
                throw e;
            }
            return done(layout, layout.tree().get(ref), export, steps, change.recovered(), started);
        }
    }

    /**
     * The note of an interrupted commit of {@code version}: its rerun, which undoes or finishes it, keeps the note
     * when the admin gives none again.
     */
    private static Optional<String> noteOfInterrupted(LayoutChange change, String version) {
        return change.interrupted().filter(ImageJournal.class::isInstance).map(ImageJournal.class::cast)
                .filter(journal -> journal.operation() == ImageJournal.Operation.COMMIT
                        && journal.versionName().equals(version) && !journal.note().isEmpty())
                .map(ImageJournal::note);
    }

    private Result done(Layout layout, TreeImage version, boolean export, List<String> steps,
                        Optional<String> recovered, Instant started) throws IOException {
        long took = Duration.between(started, context.clock().instant()).toMillis();
        long stored = context.disks().storedBytes(layout.pathOf(version.ref()));
        String parent = version.parent().orElseThrow().name();
        context.log(layout).record(Event.IMAGE_COMMITTED, Duration.ofMillis(took), "version " + version.name()
                + " (" + version.file() + ", " + stored + " bytes stored) on " + parent
                + "; Current is a fresh child of it");
        return new Result(version.name(), version.file(), parent, export, stored, version.sha256(), false, steps,
                recovered, took);
    }

    /** @return whether the commit exports a new layer (snapshots lie between Current and its version) */
    private boolean checkCommittable(Layout layout, String name) throws IOException, OperationException {
        VersionRecords.checkNew(layout, name, Optional.empty());
        Optional<SwitchRecord> pending = layout.lastSwitch().filter(SwitchRecord::pending);
        if (pending.isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "a switch to " + pending.get().version()
                    + " is pending; confirm it (`vhdboot image confirm`) or roll it back first");
        }
        refuseRunningOrInUse(layout, "commit");
        Path current = layout.childPath(Role.CURRENT);
        Path base = layout.pathOf(layout.currentBase());
        if (!new FreshChild(context).standsOn(current, base)) {
            throw new ParentLinkException("commit refused: " + layout.child(Role.CURRENT).file() + " does not stand on "
                    + layout.tree().get(layout.currentBase()).file() + " as " + Layout.INI_NAME + " records; `vhdboot"
                    + " status` shows why");
        }
        VersionRecords.checkDepth(layout, layout.currentVersion());
        boolean export = !layout.currentBase().equals(layout.currentVersion());
        if (export) {
            long needed = 0;
            for (ImageRef ref : layout.tree().lineage(layout.currentBase())) {
                if (!ref.equals(layout.currentVersion()) && ref.isSnapshot()) {
                    needed += context.disks().storedBytes(layout.pathOf(ref));
                }
            }
            needed += context.disks().storedBytes(current);
            long free = context.platform().volumeFacts(layout.folder()).freeBytes();
            if (free < needed) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "commit refused: the new layer"
                        + " needs up to " + needed / (1 << 20) + " MiB, and the host volume has " + free / (1 << 20)
                        + " MiB free");
            }
        }
        return export;
    }

    /** Current is written by the running system and held by other programs: never frozen under them. */
    void refuseRunningOrInUse(Layout layout, String what) throws IOException, OperationException {
        if (new RunningSystem(context).bootedFrom(layout).runningFrom(Role.CURRENT.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, what + " refused: running from Current ("
                    + layout.child(Role.CURRENT).file() + "); boot Recovery, WinPE or Linux and run it there");
        }
        if (context.platform().inUse(layout.childPath(Role.CURRENT))) {
            throw new OperationException(OperationException.Kind.PRECONDITION, what + " refused: "
                    + layout.child(Role.CURRENT).file() + " is in use by another program (attached or open); detach it"
                    + " first");
        }
    }

    private static List<String> plan(Layout layout, String name, boolean export) {
        String current = layout.child(Role.CURRENT).file();
        String frozen = layout.versionFile(name);
        String parent = layout.tree().get(layout.currentVersion()).file();
        List<String> plan = new ArrayList<>();
        plan.add("write " + ImageJournal.FILE_NAME + " (image commit " + name + " in progress)");
        if (export) {
            plan.add("create " + StagedFile.temporaryFor(layout.folder().resolve(frozen)).getFileName() + " as a child of "
                    + parent + " and copy into it every sector " + current + " and its snapshots define");
            plan.add("rename it to " + frozen + " and mark it read-only");
        } else {
            plan.add("rename " + current + " to " + frozen + " and mark it read-only");
        }
        plan.add("create a fresh child of " + frozen + " and rename it over " + current);
        plan.add("record version " + name + " (parent " + layout.currentVersion().name() + ", SHA-256) in "
                + Layout.INI_NAME + "; Current stands on it");
        plan.add("remove " + ImageJournal.FILE_NAME);
        return plan;
    }

    /** Current's file becomes the version: a VHDX log a crash left is replayed into it first, while it is Current. */
    private void freeze(Layout layout, ImageJournal journal, List<String> steps) throws IOException {
        Path current = layout.childPath(Role.CURRENT);
        Path frozen = layout.folder().resolve(layout.versionFile(journal.versionName()));
        context.disks().replayLog(current);
        context.steps().move(current, frozen, false);
        ReadOnlyMark.mark(frozen);
        steps.add("renamed " + current.getFileName() + " to " + frozen.getFileName() + " and marked it read-only");
    }

    private void export(Layout layout, ImageJournal journal, List<String> steps) throws IOException {
        Path current = layout.childPath(Role.CURRENT);
        Path version = layout.pathOf(VersionRecords.ref(journal.parent().orElseThrow()));
        Path frozen = layout.folder().resolve(layout.versionFile(journal.versionName()));
        Path staged = StagedFile.temporaryFor(frozen);
        context.createChild(layout, staged, version);
        long copied = context.disks().exportLayers(current, version, staged);
        context.steps().move(staged, frozen, false);
        ReadOnlyMark.mark(frozen);
        steps.add("wrote " + frozen.getFileName() + ", a new layer on " + version.getFileName() + " holding the "
                + copied + " bytes Current and its snapshots define, and marked it read-only");
    }

    /** From the version file on, only forward: a fresh Current on it, the record, the journal removed. */
    private void finishCurrent(Layout layout, ImageJournal journal, List<String> steps, TransferProgress progress)
            throws IOException {
        Path current = layout.childPath(Role.CURRENT);
        Path frozen = layout.folder().resolve(layout.versionFile(journal.versionName()));
        FreshChild fresh = new FreshChild(context);
        if (!fresh.standsOn(current, frozen)) {
            fresh.put(layout, current, frozen);
            steps.add("created a fresh " + current.getFileName() + " on " + frozen.getFileName());
        }
        ImageRef ref = VersionRecords.ref(journal.versionName());
        if (layout.tree().find(ref).isEmpty()) {
            layout.tree().put(new VersionRecords(context).record(layout, journal.versionName(),
                    VersionRecords.ref(journal.parent().orElseThrow()), journal.note(), progress));
        }
        layout.setCurrentBase(ref);
        LayoutFile.save(layout, context.steps());
        ImageJournal.clear(layout.folder(), context.steps());
        steps.add("recorded version " + journal.versionName() + " in " + Layout.INI_NAME);
    }

    /** An interrupted commit: forward once the version file is complete under its name, else back. */
    String recover(Layout layout, ImageJournal journal) throws IOException, OperationException {
        Path frozen = layout.folder().resolve(layout.versionFile(journal.versionName()));
        Path current = layout.childPath(Role.CURRENT);
        if (!Files.exists(frozen)) {
            Path staged = StagedFile.temporaryFor(frozen);
            if (Files.exists(staged)) {
                context.steps().delete(staged);
            }
            new FreshChild(context).dropTemporary(current);
            ImageJournal.clear(layout.folder(), context.steps());
            return "rolled back an interrupted image commit " + journal.versionName() + ": Current is unchanged";
        }
        Path parent = layout.pathOf(VersionRecords.ref(journal.parent().orElseThrow()));
        if (!new FreshChild(context).standsOn(frozen, parent)) {
            throw new LayoutException(frozen.getFileName() + " is not a layer on " + parent.getFileName() + ", so an"
                    + " image commit did not make it; check the folder and remove " + ImageJournal.FILE_NAME);
        }
        refuseRunningOrInUse(layout, "finishing an interrupted image commit");
        ReadOnlyMark.mark(frozen);
        finishCurrent(layout, journal, new ArrayList<>(), TransferProgress.NONE);
        return "finished an interrupted image commit " + journal.versionName() + ": Current is a fresh child of "
                + frozen.getFileName();
    }
}
