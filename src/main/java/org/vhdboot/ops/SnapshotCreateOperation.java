package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageNote;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Role;
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
 * {@code vhdboot snapshot create NAME}: Current's present state becomes the read-only snapshot NAME, and a fresh,
 * empty Current stands on it, under the same path, so no boot entry changes. Flat in disk size, like a reset: two
 * renames and one new child. Journalled: killed before the first rename it rolls back, after it forward. Current
 * cannot be frozen while it runs; {@code --at-restart} asks Recovery to do it at the next restart instead.
 */
public final class SnapshotCreateOperation {
    /** @param atRestart in the running Current: leave the work to Recovery at the next restart */
    public record Options(String name, String note, boolean atRestart, boolean dryRun) {
    }

    /**
     * @param file the snapshot's file
     * @param parent what it stands on
     * @param depth links in Current's chain afterwards
     */
    public record Result(String snapshot, String file, String parent, int depth, boolean atRestart, boolean dryRun,
                         List<String> plan, Optional<String> recovered, long durationMillis) {
    }

    private final OperationContext context;

    public SnapshotCreateOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        String name = ImageName.checkNew(options.name(), "snapshot");
        if (name.equalsIgnoreCase(ImageRef.BASE_VERSION.name())) {
            // Every list shows the parent as "base"; a snapshot of that name would read as the parent there.
            throw new OperationException(OperationException.Kind.USAGE, "'" + name + "' cannot be a snapshot name: it"
                    + " names the layout's parent (version:base); pick another name");
        }
        ImageNote.check(options.note(), "snapshot");
        LayoutFile.requireRoomToGrow(loaded, "snapshot create");
        new Preflight(context.platform(), context.reporter()).checkLayout("snapshot create", loaded);
        OperationJournal.read(loaded);
        if (options.atRestart()) {
            return requestAtRestart(loaded, name, options.note(), started);
        }
        if (options.dryRun()) {
            OperationJournal.refuseDryRunWhilePending(loaded);
            checkCanFreeze(loaded, name);
            return result(loaded, name, true, plan(loaded, name), Optional.empty(), started);
        }
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "snapshot create " + name)) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            try {
                Optional<JournalRecovery.Recovered> recovery = new JournalRecovery(context).recover(layout);
                Optional<String> recovered = recovery.map(r -> r.outcome().message());
                if (recovery.filter(r -> r.finishedAlready(j -> j instanceof SnapshotCreateJournal c
                        && c.snapshot().equalsIgnoreCase(name))).isPresent()) {
                    // The rerun of a create that was killed: the recovery just finished it.
                    return result(layout, layout.tree().findByName(ImageRef.Kind.SNAPSHOT, name).orElseThrow().name(),
                            false, List.of(), recovered, started);
                }
                checkCanFreeze(layout, name);
                Layout.ParentIdentity parent = new ParentCheck(context).verify(layout);
                new ExpansionSpace(context).check(layout, Role.CURRENT, true, parent.virtualSize(), "snapshot create");
                SnapshotCreateJournal journal = new SnapshotCreateJournal(name, options.note(), layout.currentBase(),
                        layout.child(Role.CURRENT).file(), ResetFiles.of(layout, Role.CURRENT).replacement()
                        .getFileName().toString(), layout.snapshotFile(name), started);
                freeze(layout, journal);
                Result result = result(layout, name, false, List.of(), recovered, started);
                context.log(layout).record(Event.SNAPSHOT_DONE, Duration.ofMillis(result.durationMillis()), "snapshot "
                        + name + " (" + journal.frozen() + ") of Current; Current is a fresh child of it");
                return result;
            } catch (IOException | OperationException e) {
                context.log(layout).record(Event.SNAPSHOT_FAILED, Duration.between(started, context.clock().instant()),
                        "snapshot create " + name + ": " + e.getMessage());
                RefusedWrite.rethrowExplained(e, "snapshot create " + name, layout);
                throw e;
            }
        }
    }

    /** The name as the layout records it: "one" when "ONE" was typed. */
    private static void refuseTaken(Layout layout, String name) throws OperationException {
        Optional<TreeImage> existing = layout.tree().findByName(ImageRef.Kind.SNAPSHOT, name);
        if (existing.isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "a snapshot named "
                    + existing.get().name() + " exists already (names are compared without case); pick another name");
        }
    }

    /** Everything that must hold before Current's file may become a snapshot. */
    private void checkCanFreeze(Layout layout, String name) throws IOException, OperationException {
        refuseTaken(layout, name);
        Path frozen = layout.folder().resolve(layout.snapshotFile(name));
        if (Files.exists(frozen)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, frozen.getFileName() + " is in the"
                    + " way: the layout does not record it as a snapshot; move it elsewhere first");
        }
        if (new RunningSystem(context).bootedFrom(layout).runningFrom(Role.CURRENT.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot create refused: running from"
                    + " Current, which cannot be frozen while it runs; use `vhdboot snapshot create " + name
                    + " --at-restart` to take it at the next restart, or run it from Recovery");
        }
        if (context.platform().inUse(layout.childPath(Role.CURRENT))) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot create refused: "
                    + layout.child(Role.CURRENT).file() + " is in use by another program; detach it first");
        }
        int depth = layout.currentDepth() + 1;
        if (depth > layout.maxDepth()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot create refused: Current's"
                    + " chain would be " + depth + " links deep, more than max_depth = " + layout.maxDepth() + " in "
                    + Layout.INI_NAME + "; delete a snapshot first, or raise max_depth");
        }
        ParentCheck links = new ParentCheck(context);
        links.verify(layout); // a missing or changed parent is said as such, not as a broken link
        ParentCheck.ChildLink link = links.linkOf(layout.childPath(Role.CURRENT), layout.pathOf(layout.currentBase()));
        if (link != ParentCheck.ChildLink.LINKED) {
            throw new OperationException(OperationException.Kind.PARENT, "snapshot create refused: "
                    + layout.child(Role.CURRENT).file() + " does not stand on " + layout.currentBase() + " as "
                    + Layout.INI_NAME + " says (" + link.describe() + "); `vhdboot status` shows why");
        }
    }

    /**
     * Journal, Current's log replayed (it is still Current), then the snapshot's name given to Current's file as a
     * second name (a hard link, so Current never goes missing), then {@link #rollForward}. Where the file system
     * has no hard links, Current's file is renamed instead, and recovery covers the moment without it.
     */
    private void freeze(Layout layout, SnapshotCreateJournal journal) throws IOException, OperationException {
        Path current = layout.childPath(Role.CURRENT);
        Path frozen = layout.folder().resolve(journal.frozen());
        journal.write(layout.folder(), context.steps());
        // A snapshot is a parent from now on, and a parent's log could only be replayed by writing it.
        context.disks().replayLog(current);
        if (!context.steps().link(current, frozen)) {
            context.steps().move(current, frozen, false);
        }
        rollForward(layout, journal);
        OperationJournal.clear(layout.folder(), context.steps());
    }

    /**
     * Once the snapshot's file exists: a fresh child of it renamed over Current's name, the snapshot marked read-only
     * (only now: the mark is the file's, and Current's name is another name of it until the rename), the layout
     * recording both. Every step is idempotent, so recovery runs it again from wherever it stopped.
     */
    private void rollForward(Layout layout, SnapshotCreateJournal journal) throws IOException, OperationException {
        Path frozen = layout.folder().resolve(journal.frozen());
        Path current = layout.childPath(Role.CURRENT);
        if (!Files.exists(current) || Files.isSameFile(current, frozen)) {
            Path replacement = layout.folder().resolve(journal.replacement());
            context.createChild(layout, replacement, frozen);
            context.steps().move(replacement, current, true);
        } else if (new ParentCheck(context).linkOf(current, frozen) != ParentCheck.ChildLink.LINKED) {
            throw new LayoutException("both " + journal.frozen() + " and " + current.getFileName() + " exist but the"
                    + " second does not stand on the first; vhdboot did not leave them so: check the folder and remove "
                    + OperationJournal.FILE_NAME);
        }
        ReadOnlyMark.mark(frozen);
        ImageRef ref = ImageRef.snapshot(journal.snapshot());
        if (layout.tree().find(ref).isEmpty()) {
            layout.tree().put(TreeImage.snapshot(journal.snapshot(), journal.frozen(), journal.parent(),
                    journal.started(), linkId(frozen), journal.note()));
        }
        layout.setCurrentBase(ref);
        LayoutFile.save(layout, context.steps());
    }

    /** Before the snapshot's file exists nothing was done: undo. After: finish. */
    JournalRecovery.Outcome recover(Layout layout, SnapshotCreateJournal journal) throws IOException, OperationException {
        Path frozen = layout.folder().resolve(journal.frozen());
        Path current = layout.childPath(Role.CURRENT);
        if (new RunningSystem(context).bootedFrom(layout).runningFrom(Role.CURRENT.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "an interrupted snapshot create cannot"
                    + " be finished while running from Current; finish it from Recovery");
        }
        if (!Files.exists(frozen)) {
            if (!Files.exists(current)) {
                throw new LayoutException("an interrupted snapshot create left neither " + current.getFileName()
                        + " nor " + journal.frozen() + "; vhdboot did not leave them so: check the folder");
            }
            context.steps().delete(layout.folder().resolve(journal.replacement()));
            return new JournalRecovery.Outcome("rolled back an interrupted snapshot create of " + journal.snapshot()
                    + ": Current is unchanged", false);
        }
        rollForward(layout, journal);
        return new JournalRecovery.Outcome("finished an interrupted snapshot create of " + journal.snapshot()
                + ": Current is a fresh child of it", true);
    }

    /** In the running Current: a pending mark and a one-time boot into Recovery, whose agent takes the snapshot. */
    private Result requestAtRestart(Layout loaded, String name, String note, Instant started)
            throws IOException, OperationException {
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "snapshot create " + name + " --at-restart")) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            if (!new RunningSystem(context).bootedFrom(layout).runningFrom(Role.CURRENT.key())) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "--at-restart is for the running"
                        + " Current; here Current is not running, so run `vhdboot snapshot create " + name + "` now");
            }
            refuseTaken(layout, name);
            if (!layout.bootStore().changesBootAtOnce()) {
                // The restart would land in Current again, and the request would be dropped there unseen.
                throw new OperationException(OperationException.Kind.PRECONDITION, "--at-restart boots Recovery once,"
                        + " and this layout has " + layout.bootStore().describe() + "; start Recovery and run `vhdboot"
                        + " snapshot create " + name + "` there");
            }
            Optional<PendingReset> pending = PendingReset.read(layout.folder());
            if (pending.flatMap(PendingReset::snapshot).isPresent()) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot "
                        + pending.get().snapshot().get().name() + " is already waiting for the next restart");
            }
            PendingReset.Snapshot request = new PendingReset.Snapshot(name, note);
            PendingReset mark = pending.map(p -> new PendingReset(p.target(), p.due(), p.requested(), p.reset(),
                    Optional.of(request))).orElse(PendingReset.snapshotOnly(request, started));
            mark.write(layout.folder(), context.steps());
            try {
                context.bootStores().open(layout).apply(new BootChange.BootOnce(layout.child(Role.RECOVERY).entryId()));
            } catch (BootStoreException e) {
                PendingReset.clear(layout.folder(), context.steps());
                pending.ifPresent(p -> rewrite(layout, p));
                throw new OperationException(OperationException.Kind.BOOT_STORE, "could not set the one-time boot into"
                        + " Recovery: " + e.getMessage(), e);
            }
            context.log(layout).record(Event.SNAPSHOT_REQUESTED, Duration.ZERO, "snapshot " + name + " is taken by"
                    + " Recovery at the next restart");
            return new Result(name, layout.snapshotFile(name), layout.currentBase().toString(), layout.currentDepth() + 1,
                    true, false, List.of(), Optional.empty(), Duration.between(started, context.clock().instant())
                    .toMillis());
        }
    }

    private void rewrite(Layout layout, PendingReset earlier) {
        try {
            earlier.write(layout.folder(), context.steps());
        } catch (IOException e) {
            context.reporter().warn("could not restore the earlier pending mark: " + e.getMessage());
        }
    }

    private List<String> plan(Layout layout, String name) throws IOException, LayoutException {
        List<String> plan = new ArrayList<>();
        Optional<OperationJournal> pending = OperationJournal.read(layout);
        pending.ifPresent(p -> plan.add("finish or undo " + p.describe() + ", as " + OperationJournal.FILE_NAME
                + " records it"));
        String current = layout.child(Role.CURRENT).file();
        String frozen = layout.snapshotFile(name);
        plan.add("write " + OperationJournal.FILE_NAME + " (snapshot create " + name + " in progress)");
        plan.add("replay a VHDX log left in " + current + ", if any");
        plan.add("give " + current + " the second name " + frozen + " (a hard link; a rename where there are none)");
        plan.add("create " + ResetFiles.of(layout, Role.CURRENT).replacement().getFileName() + " as an empty child of "
                + frozen + " with the " + context.disks().engineName() + " engine, flush it, and rename it over "
                + current + " (atomic)");
        plan.add("mark " + frozen + " read-only");
        plan.add("record snapshot " + name + " (on " + layout.currentBase() + ") as Current's base in " + Layout.INI_NAME);
        plan.add("remove " + OperationJournal.FILE_NAME);
        return plan;
    }

    private Result result(Layout layout, String name, boolean dryRun, List<String> plan, Optional<String> recovered,
                          Instant started) {
        ImageRef parent = dryRun ? layout.currentBase() : layout.tree().get(ImageRef.snapshot(name)).parent().orElseThrow();
        return new Result(name, layout.snapshotFile(name), parent.toString(), layout.currentDepth() + (dryRun ? 1 : 0),
                false, dryRun, plan, recovered, Duration.between(started, context.clock().instant()).toMillis());
    }

    private String linkId(Path image) throws IOException {
        try (Layer layer = context.disks().openLayer(image)) {
            return layer.linkId().map(Object::toString).orElse(null);
        }
    }
}
