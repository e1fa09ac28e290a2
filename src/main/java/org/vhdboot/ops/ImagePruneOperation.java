package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.files.KeptFile;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code vhdboot image prune}: deletes the versions and the slot nothing references any more. A version is referenced
 * when a slot, Recovery, a snapshot or a pending switch stands on it or on a layer above it; the base never goes. The
 * slot that is not active goes when no switch is pending on it (the fallback of the last switch). The listing comes
 * first; deleting needs a yes. Journalled: the records go from {@code vhdboot.ini} first, then the files, so an
 * interrupted prune is finished by the next changing command. A file another image beside it still stands on is kept.
 */
public final class ImagePruneOperation {
    public record Options(boolean yes, boolean dryRun) {
    }

    /**
     * @param versions the versions deleted (or, in a dry run, that would be)
     * @param slot the slot deleted, if any
     * @param files the files deleted
     * @param bytesFreed their sizes
     * @param plan in a dry run, the steps a prune takes; empty otherwise
     */
    public record Result(List<String> versions, Optional<Slot> slot, List<String> files, long bytesFreed,
                         List<String> commands, boolean dryRun, List<String> plan, Optional<String> recovered,
                         long durationMillis) {
    }

    private final OperationContext context;

    public ImagePruneOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        if (options.dryRun()) {
            LayoutChange.dryRunCheck(context, loaded, "image prune");
            Plan plan = plan(loaded);
            Optional<UUID> entry = plan.slot().flatMap(slot -> entryOf(loaded, slot));
            List<String> commands = entry.isEmpty() ? List.of() : SlotEntries.describe(
                    context.bootStores().open(loaded), List.of(new BootChange.DeleteEntry(entry.get())));
            return new Result(plan.versions(), plan.slot(), plan.files(loaded), plan.bytes(loaded),
                    commands, true, plan.steps(loaded), Optional.empty(), 0);
        }
        try (LayoutChange change = LayoutChange.begin(context, loaded, "image prune")) {
            Layout layout = change.layout();
            Plan plan = plan(layout);
            if (plan.isEmpty()) {
                return new Result(List.of(), Optional.empty(), List.of(), 0, List.of(), false, List.of(),
                        change.recovered(), 0);
            }
            List<String> files = plan.files(layout);
            long bytes = plan.bytes(layout);
            confirm(files, bytes, options.yes());
            ImageJournal journal = new ImageJournal(ImageJournal.Operation.PRUNE, plan.versions(), Optional.empty(),
                    plan.slot(), Optional.empty(), false, "", started);
            List<String> commands;
            List<String> deleted;
            try {
                journal.write(layout, context.steps());
                commands = new ArrayList<>();
                deleted = complete(layout, journal, commands);
            } catch (IOException | OperationException | RuntimeException e) {
                new ImageJournalRecovery(context).afterFailure(layout, e, "image prune", started);
                RefusedWrite.rethrowExplained(e, "image prune", layout);
                throw e;
            }
            long took = Duration.between(started, context.clock().instant()).toMillis();
            context.log(layout).record(Event.IMAGE_PRUNED, Duration.ofMillis(took), "deleted " + deleted + " ("
                    + bytes + " bytes)");
            return new Result(plan.versions(), plan.slot(), deleted, bytes, commands, false, List.of(),
                    change.recovered(), took);
        }
    }

    /** What goes: the inactive slot unless a switch is pending on it, then every version nothing stands on. */
    private record Plan(List<String> versions, Optional<Slot> slot) {
        boolean isEmpty() {
            return versions.isEmpty() && slot.isEmpty();
        }

        List<String> files(Layout layout) {
            List<String> files = new ArrayList<>();
            slot.ifPresent(s -> files.add(s.fileFor(layout)));
            versions.forEach(v -> files.add(layout.versionFile(v)));
            return files;
        }

        /** The steps as a dry run lists them, in the order the prune takes them. */
        List<String> steps(Layout layout) throws IOException {
            if (isEmpty()) {
                return List.of();
            }
            List<String> steps = new ArrayList<>();
            steps.add("write " + ImageJournal.FILE_NAME + " (image prune in progress)");
            slot.ifPresent(s -> steps.add(entryOf(layout, s).isPresent() ? "delete slot " + s.key() + "'s boot entry"
                    + " and its record" : "remove slot " + s.key() + "'s record"));
            if (!versions.isEmpty()) {
                steps.add("remove the records of " + String.join(", ", versions) + " from " + Layout.INI_NAME);
            }
            steps.add("delete " + String.join(", ", files(layout)) + " (" + mebibytes(bytes(layout)) + ")");
            steps.add("remove " + ImageJournal.FILE_NAME);
            return steps;
        }

        long bytes(Layout layout) throws IOException {
            long bytes = 0;
            for (String file : files(layout)) {
                Path path = layout.folder().resolve(file);
                bytes += Files.exists(path) ? Files.size(path) : 0;
            }
            return bytes;
        }
    }

    private Plan plan(Layout layout) throws IOException {
        Optional<Slot> slot = prunableSlot(layout);
        Set<ImageRef> used = used(layout, slot);
        List<String> versions = layout.tree().all().stream()
                .filter(image -> image.ref().kind() == ImageRef.Kind.VERSION && !used.contains(image.ref()))
                .sorted(Comparator.comparingInt((TreeImage image) -> layout.tree().depth(image.ref())).reversed())
                .map(TreeImage::name).toList();
        return new Plan(versions, slot);
    }

    /** What the base, the slots but {@code pruned}, Recovery, the snapshots and a pending switch stand on. */
    private static Set<ImageRef> used(Layout layout, Optional<Slot> pruned) {
        Set<ImageRef> used = new HashSet<>();
        used.add(ImageRef.BASE_VERSION);
        for (Slot s : Slot.values()) {
            if (layout.slot(s).isPresent() && pruned.filter(s::equals).isEmpty()) {
                used.addAll(layout.tree().lineage(layout.slotBase(s)));
            }
        }
        used.addAll(layout.tree().lineage(layout.recoveryVersion()));
        for (TreeImage snapshot : layout.tree().snapshots()) {
            used.addAll(layout.tree().lineage(snapshot.ref()));
        }
        layout.lastSwitch().filter(SwitchRecord::pending).ifPresent(s ->
                used.addAll(layout.tree().lineage(VersionRecords.ref(s.version()))));
        return used;
    }

    /** The slot that is not active, unless a switch is pending on it, the system runs from it or it is not ours. */
    private Optional<Slot> prunableSlot(Layout layout) throws IOException {
        Slot other = layout.activeSlot().other();
        Optional<Layout.Child> child = layout.slot(other);
        if (child.isEmpty() || layout.lastSwitch().filter(SwitchRecord::pending).isPresent()) {
            return Optional.empty();
        }
        if (!child.get().file().equalsIgnoreCase(other.fileFor(layout))) {
            context.reporter().warn("kept slot " + other.key() + ": its file " + child.get().file() + " is not the one"
                    + " vhdboot names it (" + other.fileFor(layout) + ")");
            return Optional.empty();
        }
        if (runningOrInUse(layout, other)) {
            return Optional.empty();
        }
        return Optional.of(other);
    }

    /** Whether the system runs from {@code slot} or another program holds it: it is kept then, with a warning. */
    private boolean runningOrInUse(Layout layout, Slot slot) throws IOException {
        if (new RunningSystem(context).bootedFrom(layout).runningFrom(slot.runningKey())
                || context.platform().inUse(layout.slotPath(slot))) {
            context.reporter().warn("kept slot " + slot.key() + ": it is running or in use");
            return true;
        }
        return false;
    }

    private void confirm(List<String> files, long bytes, boolean yes) throws OperationException {
        if (!yes) {
            context.reporter().info("would delete " + String.join(", ", files) + " (" + mebibytes(bytes) + ")");
        }
        if (!yes && !context.reporter().confirm("Delete " + String.join(", ", files) + "? Nothing references them.")) {
            throw new OperationException(OperationException.Kind.DECLINED, "prune cancelled; nothing was changed");
        }
    }

    /** Records first, then files: a rerun finds the records gone and deletes what is left. */
    private List<String> complete(Layout layout, ImageJournal journal, List<String> commands)
            throws IOException, OperationException {
        Optional<Slot> slot = journal.from().filter(s -> layout.slot(s).isPresent() && s != layout.activeSlot()
                && layout.lastSwitch().filter(SwitchRecord::pending).isEmpty());
        // Finished later, from another system: the machine may have started from that slot since (its menu entry).
        if (slot.isPresent() && runningOrInUse(layout, slot.get())) {
            slot = Optional.empty();
        }
        if (slot.isPresent()) {
            Optional<UUID> entry = entryOf(layout, slot.get());
            if (entry.isPresent()) {
                commands.addAll(deleteEntry(layout, entry.get()));
            }
            layout.removeSlot(slot.get());
        }
        // The journal is read from disk: a version it names that something still stands on keeps its record and file.
        Set<ImageRef> used = used(layout, Optional.empty());
        for (String name : journal.version()) {
            ImageRef ref = VersionRecords.ref(name);
            if (layout.tree().find(ref).isEmpty()) {
                continue;
            }
            if (used.contains(ref) || !layout.tree().childrenOf(ref).isEmpty()) {
                context.reporter().warn("kept version " + name + ": the layout still stands on it");
            } else {
                layout.tree().remove(ref);
            }
        }
        layout.lastSwitch().filter(s -> layout.tree().find(VersionRecords.ref(s.version())).isEmpty())
                .ifPresent(s -> layout.setLastSwitch(null));
        LayoutFile.save(layout, context.steps());
        List<String> deleted = new ArrayList<>();
        Optional<Slot> gone = journal.from().filter(s -> layout.slot(s).isEmpty());
        if (gone.isPresent()) {
            deleteFile(layout, gone.get().fileFor(layout), deleted);
        }
        for (String name : journal.version()) {
            if (layout.tree().find(VersionRecords.ref(name)).isEmpty()) {
                deleteFile(layout, layout.versionFile(name), deleted);
            }
        }
        ImageJournal.clear(layout.folder(), context.steps());
        return deleted;
    }

    /** A size in MiB with one decimal: a layer under 1 MiB does not read as 0. */
    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** The pruned slot's boot entry, to delete where the layout makes entries and the slot has one. */
    private static Optional<UUID> entryOf(Layout layout, Slot slot) {
        return layout.slot(slot).map(Layout.Child::entryId).filter(id -> layout.bootStore().makesEntries());
    }

    private List<String> deleteEntry(Layout layout, UUID entry) throws OperationException {
        BootStore store = context.bootStores().open(layout);
        try {
            if (store.readable() && store.entry(entry).isEmpty()) {
                return List.of();
            }
        } catch (BootStoreException e) {
            throw new OperationException(OperationException.Kind.BOOT_STORE, "cannot read the boot store: "
                    + e.getMessage(), e);
        }
        return SlotEntries.apply(store, List.of(new BootChange.DeleteEntry(entry)),
                "deleting the pruned slot's entry");
    }

    /** A file some image beside it still stands on is kept, whatever the records say: the parent links are the truth. */
    private void deleteFile(Layout layout, String name, List<String> deleted) throws IOException {
        Path file = layout.folder().resolve(name);
        if (!Files.exists(file)) {
            return;
        }
        if (KeptFile.isSomethingElse(file)) {
            context.reporter().warn("kept " + name + ": it is " + ParentCheck.ChildLink.NOT_A_FILE.describe());
            return;
        }
        Optional<Path> child = context.disks().childBeside(file);
        if (child.isPresent()) {
            context.reporter().warn("kept " + name + ": " + child.get().getFileName() + " stands on it");
            return;
        }
        ReadOnlyMark.unmark(file);
        context.steps().delete(file);
        deleted.add(name);
    }

    /** An interrupted prune is finished: its records or files are gone in part, and the rest goes the same way. */
    String recover(Layout layout, ImageJournal journal) throws IOException, OperationException {
        List<String> deleted = complete(layout, journal, new ArrayList<>());
        return "finished an interrupted image prune: deleted " + deleted;
    }
}
