package org.vhdboot.ops;

import org.vhdboot.disk.ProgressListener;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * {@code vhdboot snapshot delete NAME}: NAME leaves the tree and nothing else reads differently. A snapshot nothing
 * stands on is deleted. Otherwise each child (a snapshot, or Current when it is not running) takes NAME's sectors it
 * does not store itself, then is relinked to NAME's parent in one atomic update; then NAME's file goes, then its
 * record. A merge never changes what a child reads, so the operation is journalled forward only: killed at any
 * instant, the next changing command finishes it.
 */
public final class SnapshotDeleteOperation {
    /** @param progress told how far the merges have got, over all the children together */
    public record Options(String name, boolean yes, boolean dryRun, ProgressListener progress) {
    }

    /**
     * @param children what stood on the snapshot and took its sectors: {@code current} or {@code snapshot:X}
     * @param bytesMerged written into the children
     * @param base Current's base afterwards
     * @param finishedInterrupted this run only finished an interrupted delete of the snapshot ({@code recovered})
     */
    public record Result(String snapshot, String file, List<String> children, long bytesMerged, String base,
                         boolean dryRun, List<String> plan, Optional<String> recovered, boolean finishedInterrupted,
                         long durationMillis) {
    }

    private final OperationContext context;

    public SnapshotDeleteOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        String name = ImageName.check(options.name(), "snapshot");
        new Preflight(context.platform(), context.reporter()).checkLayout("snapshot delete", loaded);
        OperationJournal.read(loaded);
        if (options.dryRun()) {
            OperationJournal.refuseDryRunWhilePending(loaded);
            TreeImage snapshot = find(loaded, name);
            List<String> children = SnapshotDeleteJournal.childrenOf(loaded, snapshot.ref());
            checkCanDelete(loaded, snapshot, children);
            return new Result(snapshot.name(), snapshot.file(), children, 0, baseAfter(loaded, snapshot).toString(),
                    true, plan(loaded, snapshot, children), Optional.empty(), false, 0);
        }
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "snapshot delete " + name)) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            try {
                Optional<JournalRecovery.Recovered> recovered = new JournalRecovery(context).recover(layout);
                Optional<SnapshotDeleteJournal> finished = recovered.filter(r -> r.finishedAlready(j ->
                        j instanceof SnapshotDeleteJournal d && d.snapshot().equalsIgnoreCase(name)))
                        .map(r -> (SnapshotDeleteJournal) r.journal());
                if (finished.isPresent()) {
                    // The rerun of a delete that was killed: the recovery just finished it, and says what it merged.
                    return new Result(finished.get().snapshot(), layout.snapshotFile(name), finished.get().children(),
                            0, layout.currentBase().toString(), false, List.of(), recovered.map(r -> r.outcome()
                            .message()), true, Duration.between(started, context.clock().instant()).toMillis());
                }
                TreeImage snapshot = find(layout, name);
                List<String> children = SnapshotDeleteJournal.childrenOf(layout, snapshot.ref());
                checkCanDelete(layout, snapshot, children);
                confirm(snapshot, children, options.yes());
                List<Instant> modified = new ArrayList<>();
                for (String child : children) {
                    modified.add(Files.getLastModifiedTime(pathOf(layout, child)).toInstant());
                }
                SnapshotDeleteJournal journal = new SnapshotDeleteJournal(snapshot.name(),
                        snapshot.parent().orElseThrow(), children, modified, started);
                journal.write(layout.folder(), context.steps());
                long merged = proceed(layout, journal, options.progress());
                OperationJournal.clear(layout.folder(), context.steps());
                long took = Duration.between(started, context.clock().instant()).toMillis();
                context.log(layout).record(Event.SNAPSHOT_DELETED, Duration.ofMillis(took), "snapshot " + name
                        + " deleted; " + merged + " bytes merged into " + (children.isEmpty() ? "nothing" : children));
                return new Result(snapshot.name(), snapshot.file(), children, merged, layout.currentBase().toString(),
                        false, List.of(), recovered.map(r -> r.outcome().message()), false, took);
            } catch (IOException | OperationException e) {
                context.log(layout).record(Event.SNAPSHOT_FAILED, Duration.between(started, context.clock().instant()),
                        "snapshot delete " + name + ": " + e.getMessage());
                RefusedWrite.rethrowExplained(e, "snapshot delete " + name, layout);
                throw e;
            }
        }
    }

    private static TreeImage find(Layout layout, String name) throws OperationException {
        return layout.tree().findByName(ImageRef.Kind.SNAPSHOT, name).orElseThrow(() -> new OperationException(
                OperationException.Kind.PRECONDITION, "there is no snapshot " + name + "; `vhdboot snapshot list`"
                + " shows them"));
    }

    /** Everything that must hold before a child is written or a file deleted. */
    private void checkCanDelete(Layout layout, TreeImage snapshot, List<String> children)
            throws IOException, OperationException {
        Path file = layout.folder().resolve(snapshot.file());
        if (children.contains(SnapshotDeleteJournal.CURRENT)
                && new RunningSystem(context).bootedFrom(layout).runningFrom(Role.CURRENT.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot delete refused: Current stands"
                    + " on " + snapshot.name() + " and is running, and a running Current cannot be merged into; run it"
                    + " from Recovery");
        }
        for (Path used : paths(layout, file, children)) {
            if (Files.exists(used) && context.platform().inUse(used)) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot delete refused: "
                        + used.getFileName() + " is in use (by the running system or another program)");
            }
        }
        if (!Files.exists(file)) {
            if (!children.isEmpty()) {
                throw new OperationException(OperationException.Kind.PARENT, "snapshot " + snapshot.name()
                        + " is missing (" + snapshot.file() + "), so " + String.join(" and ", children)
                        + " cannot read; restore the file");
            }
            return;
        }
        Optional<Slot> fallback = inactiveSlotOn(layout, snapshot);
        if (fallback.isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot delete refused: slot "
                    + fallback.get().key() + " (" + fallback.get().fileFor(layout) + "), the slot that is not active,"
                    + " stands on " + snapshot.name() + "; delete the snapshot from that slot once it is active again,"
                    + " or let `vhdboot image prune` delete that slot first");
        }
        List<Path> unknown = new TreeCheck(context).unrecordedChildren(layout, snapshot.ref());
        if (!unknown.isEmpty()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot delete refused: "
                    + unknown.stream().map(p -> p.getFileName().toString()).toList() + " stand(s) on " + snapshot.file()
                    + " but the layout does not record it; move or delete it first");
        }
        ParentCheck links = new ParentCheck(context);
        for (String child : children) {
            if (links.linkOf(pathOf(layout, child), file) != ParentCheck.ChildLink.LINKED) {
                throw new OperationException(OperationException.Kind.PARENT, "snapshot delete refused: " + child
                        + " does not stand on " + snapshot.file() + " as " + Layout.INI_NAME + " says; `vhdboot status`"
                        + " shows why");
            }
        }
        checkFreeSpace(layout, snapshot, file, children.size());
    }

    /** Each child may take up to the snapshot's stored blocks: what it leaves to its parent is not copied. */
    private void checkFreeSpace(Layout layout, TreeImage snapshot, Path file, int children)
            throws IOException, OperationException {
        long needed = context.disks().storedBytes(file) * children;
        long free = context.platform().volumeFacts(layout.folder()).freeBytes();
        if (free < needed) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "snapshot delete refused: merging "
                    + snapshot.name() + " into " + children + " child(ren) needs up to " + needed / MIB + " MiB, but"
                    + " the host volume has " + free / MIB + " MiB free");
        }
    }

    private void confirm(TreeImage snapshot, List<String> children, boolean yes) throws OperationException {
        if (yes) {
            return;
        }
        String question = "Delete snapshot " + snapshot.name() + "? Its state can no longer be restored"
                + (children.isEmpty() ? "." : "; " + String.join(" and ", children.stream().map(c -> c.equals(
                SnapshotDeleteJournal.CURRENT) ? "Current" : c).toList()) + (children.size() == 1 ? " keeps reading as it"
                + " does." : " keep reading as they do."));
        if (!context.reporter().confirm(question)) {
            throw new OperationException(OperationException.Kind.DECLINED, "snapshot delete cancelled; nothing was"
                    + " changed");
        }
    }

    /**
     * The forward steps, each idempotent: for every child still on the snapshot, a relink the last run left half
     * done is finished, the sectors merged, the child relinked and its time put back; then the file, then the record.
     */
    private long proceed(Layout layout, SnapshotDeleteJournal journal, ProgressListener progress)
            throws IOException, OperationException {
        TreeImage snapshot = layout.tree().get(ImageRef.snapshot(journal.snapshot()));
        Path file = layout.folder().resolve(snapshot.file());
        Path parent = layout.pathOf(journal.parent());
        ParentCheck links = new ParentCheck(context);
        long merged = 0;
        int count = journal.children().size();
        for (int i = 0; i < count; i++) {
            int before = i;
            Path child = pathOf(layout, journal.children().get(i));
            boolean frozen = !journal.children().get(i).equals(SnapshotDeleteJournal.CURRENT);
            if (frozen) {
                ReadOnlyMark.unmark(child);
            }
            context.disks().finishRelink(child, parent);
            if (Files.exists(file) && links.namesAsParent(child, file)) {
                merged += context.disks().mergeDown(child, file,
                        (done, total) -> progress.progress(before * total + done, count * total));
                context.disks().relink(child, parent, context.childSpec(layout));
            }
            Files.setLastModifiedTime(child, FileTime.from(journal.modified().get(i)));
            if (frozen) {
                ReadOnlyMark.mark(child);
            }
        }
        if (Files.exists(file)) {
            List<Path> unknown = new TreeCheck(context).unrecordedChildren(layout, snapshot.ref());
            if (!unknown.isEmpty() || journal.children().stream().anyMatch(c -> standsOn(links, layout, c, file))) {
                throw new LayoutException(snapshot.file() + " still has children; vhdboot did not leave it so: check the"
                        + " folder and remove " + OperationJournal.FILE_NAME);
            }
            ReadOnlyMark.unmark(file);
            context.steps().delete(file);
        }
        layout.setCurrentBase(baseAfter(layout, snapshot));
        for (TreeImage child : layout.tree().childrenOf(snapshot.ref())) {
            layout.tree().put(child.withParent(journal.parent()));
        }
        layout.tree().remove(snapshot.ref());
        LayoutFile.save(layout, context.steps());
        return merged;
    }

    private static boolean standsOn(ParentCheck links, Layout layout, String child, Path file) {
        try {
            return links.namesAsParent(pathOf(layout, child), file);
        } catch (IOException e) {
            return true;
        }
    }

    /** Current's base stays, unless it was the deleted snapshot: then its parent, which Current now stands on. */
    private static ImageRef baseAfter(Layout layout, TreeImage snapshot) {
        return layout.currentBase().equals(snapshot.ref()) ? snapshot.parent().orElseThrow() : layout.currentBase();
    }

    /** Finishes a delete: forward from wherever it stopped, or nothing when it had finished but for the journal. */
    JournalRecovery.Outcome recover(Layout layout, SnapshotDeleteJournal journal) throws IOException, OperationException {
        Optional<TreeImage> snapshot = layout.tree().find(ImageRef.snapshot(journal.snapshot()));
        if (snapshot.isEmpty()) {
            if (Files.exists(layout.folder().resolve(layout.snapshotFile(journal.snapshot())))) {
                throw new LayoutException(OperationJournal.FILE_NAME + " deletes snapshot " + journal.snapshot()
                        + ", which the layout does not record, but its file is there; vhdboot did not write this"
                        + " journal: check the folder and remove it");
            }
            return new JournalRecovery.Outcome("cleared the journal of snapshot delete " + journal.snapshot()
                    + ", which had finished", true);
        }
        checkCanResume(layout, journal, snapshot.get());
        long merged = proceed(layout, journal, ProgressListener.NONE);
        return new JournalRecovery.Outcome("finished an interrupted snapshot delete of " + journal.snapshot() + " ("
                + merged + " more bytes merged)", true);
    }

    /** Checked before anything is merged, as the first run checks it. */
    private void checkCanResume(Layout layout, SnapshotDeleteJournal journal, TreeImage snapshot)
            throws IOException, OperationException {
        if (journal.children().contains(SnapshotDeleteJournal.CURRENT)
                && new RunningSystem(context).bootedFrom(layout).runningFrom(Role.CURRENT.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "an interrupted snapshot delete cannot"
                    + " be finished while running from Current, which it merges into; finish it from Recovery");
        }
        Optional<Slot> fallback = inactiveSlotOn(layout, snapshot);
        if (fallback.isPresent()) {
            throw new LayoutException(OperationJournal.FILE_NAME + " deletes snapshot " + snapshot.name() + ", which"
                    + " slot " + fallback.get().key() + ", the slot that is not active, stands on, and that slot is never"
                    + " merged into; vhdboot did not leave it so: check the folder and remove the journal");
        }
    }

    /** The slot that is not active, when it stands on {@code snapshot}: a switch's fallback, never merged into. */
    private static Optional<Slot> inactiveSlotOn(Layout layout, TreeImage snapshot) {
        Slot inactive = layout.activeSlot().other();
        return layout.slot(inactive).isPresent() && layout.slotBase(inactive).equals(snapshot.ref())
                ? Optional.of(inactive) : Optional.empty();
    }

    private List<String> plan(Layout layout, TreeImage snapshot, List<String> children) throws IOException {
        List<String> plan = new ArrayList<>();
        plan.add("write " + OperationJournal.FILE_NAME + " (snapshot delete " + snapshot.name() + " in progress)");
        Path file = layout.folder().resolve(snapshot.file());
        long stored = Files.exists(file) ? context.disks().storedBytes(file) : 0;
        for (String child : children) {
            plan.add("merge into " + pathOf(layout, child).getFileName() + " the sectors of " + snapshot.file()
                    + " it does not store (up to " + stored + " bytes), then relink it to "
                    + layout.tree().get(snapshot.parent().orElseThrow()).file());
        }
        plan.add("delete " + snapshot.file());
        plan.add("remove snapshot " + snapshot.name() + " from " + Layout.INI_NAME
                + (layout.currentBase().equals(snapshot.ref()) ? "; Current's base becomes " + baseAfter(layout, snapshot)
                : ""));
        plan.add("remove " + OperationJournal.FILE_NAME);
        return plan;
    }

    private static List<Path> paths(Layout layout, Path file, List<String> children) {
        List<Path> paths = new ArrayList<>(List.of(file));
        children.forEach(child -> paths.add(pathOf(layout, child)));
        return paths;
    }

    /** The file of a child as the journal names it: {@code current} or {@code snapshot:X}. */
    private static Path pathOf(Layout layout, String child) {
        return child.equals(SnapshotDeleteJournal.CURRENT) ? layout.childPath(Role.CURRENT)
                : layout.pathOf(ImageRef.parse(child).orElseThrow());
    }
}
