package org.vhdboot.ops;

import org.vhdboot.boot.BootEntry;
import org.vhdboot.boot.BootManagerState;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.disk.ChainReport;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.LastPull;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Schedule;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.windows.BootedFrom;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.VolumeFacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * {@code vhdboot status}: everything an admin or a monitoring script needs to know about a layout, read
 * without changing anything.
 */
public final class StatusOperation {

    /** One file of the layout; {@code inUse} says another program (or the running OS) holds it open. */
    public record FileStatus(String role, String file, boolean exists, Long virtualSize, Long fileSize,
                             Long allocatedBytes, String id, String linkId, boolean readOnly, String link,
                             boolean inUse, boolean healthy, String error) {
    }

    /** The machine and host volume as the platform sees them. */
    public record HostStatus(String platform, boolean elevated, String firmware, boolean hibernationEnabled,
                             Long freeBytes, boolean compressed, boolean encrypted, boolean bitLocker,
                             List<String> notes) {
    }

    /** One boot entry of the layout. */
    public record EntryStatus(String role, String id, boolean present, boolean isDefault, String description,
                              String device) {
    }

    /** The boot store as far as it can be read. */
    public record BootStatus(String store, boolean readable, List<EntryStatus> entries, String defaultEntry,
                             List<String> displayOrder, Integer timeout, List<String> bootSequence, String error) {
    }

    /**
     * The JSON document of {@code status --json}, documented in docs/cli.md.
     *
     * @param recovered always null: status no longer finishes an interrupted reset; kept because fields are
     *                  never removed
     * @param base what {@code reset} returns Current to: {@code snapshot:NAME} or {@code version:NAME}
     * @param currentDepth links in Current's chain
     * @param snapshots the snapshots the layout records
     * @param pendingSnapshot a snapshot {@code --at-restart} left for Recovery to take
     * @param pullFrom  what the agent pulls after each nightly reset ({@code schedule --pull}), or null
     * @param lastPull  the outcome of the agent's last scheduled pull, or null
     * @param interruptedPull the downloads a killed or failed pull left for the next one to resume, or null
     */
    public record Report(String layout, String name, String format, HostStatus host, List<FileStatus> files,
                         BootStatus boot,
                         String runningFrom, String runningEvidence, Layout.LastReset lastReset,
                         String pendingReset, String recovered, String engine, String engineFallback,
                         Schedule schedule, java.time.Instant nextRun, boolean nightlyResetPending,
                         List<String> warnings, List<String> problems, Slot activeSlot,
                         ImageListOperation.SwitchView lastSwitch, String interruptedOperation, String base,
                         int currentDepth, List<String> snapshots, String pendingSnapshot, String pullFrom,
                         LastPull lastPull, InterruptedPull interruptedPull) {
        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    private final OperationContext context;

    public StatusOperation(OperationContext context) {
        this.context = context;
    }

    /**
     * Reads the layout and changes nothing: no lock is taken, and an interrupted reset is reported for a reset
     * to finish, never finished here.
     *
     * @throws LayoutException when the journal or the pending mark is malformed or names a file outside the layout
     */
    public Report run(Layout layout) throws IOException, LayoutException {
        List<String> warnings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // Planted ones are reported with the other fixed names, not read.
        Optional<OperationJournal> journal = FixedNames.isPlanted(OperationJournal.path(layout.folder()))
                ? Optional.empty() : OperationJournal.read(layout);
        Optional<PendingReset> mark = FixedNames.isPlanted(layout.folder().resolve(PendingReset.FILE_NAME))
                ? Optional.empty() : PendingReset.read(layout.folder());
        boolean nightlyResetPending = mark.filter(PendingReset::reset).isPresent();
        String pending = journal.map(j -> j.describe() + " was interrupted").orElse(null);
        folderStatus(layout, journal, warnings, problems);
        List<FileStatus> files = new ArrayList<>();
        FileStatus parent = parentStatus(layout, warnings, problems);
        files.add(parent);
        for (Role role : Role.values()) {
            files.add(childStatus(layout, role, parent.healthy(), journal, problems));
        }
        Slot other = layout.activeSlot().other();
        if (layout.slot(other).isPresent()) {
            files.add(slotStatus(layout, other, warnings, problems));
        }
        layout.lastSwitch().filter(sw -> sw.state() == SwitchRecord.State.FAILED).ifPresent(sw ->
                warnings.add(sw.message().isEmpty() ? sw.notConfirmed() : sw.message()));
        for (TreeImage image : layout.tree().all()) {
            if (!image.ref().equals(ImageRef.BASE_VERSION)) {
                files.add(treeImageStatus(layout, image));
            }
        }
        if (parent.healthy()) {
            problems.addAll(new TreeCheck(context).disagreements(layout));
        }
        problems.addAll(new ImageListOperation(context).versionProblems(layout));
        if (layout.currentDepth() > layout.maxDepth()) {
            warnings.add("Current's chain is " + layout.currentDepth() + " links deep, more than max_depth = "
                    + layout.maxDepth());
        }
        BootedFrom booted = new RunningSystem(context).bootedFrom(layout);
        String running = booted.role().orElse(booted.nativeVhdBoot() ? "other" : "none");
        BootStatus boot = bootStatus(layout, warnings, problems);
        checkFreeSpace(layout, parent, warnings);
        Optional<InterruptedPull> interruptedPull = UpdateWarnings.add(layout, warnings);
        checkWhoMayWrite(layout, warnings);
        return new Report(layout.iniPath().toString(), layout.name(), layout.format().extension(), host(layout),
                files, boot, running, booted.evidence(), layout.lastReset().orElse(null), pending, null,
                context.disks().engineName(), context.disks().engineFallback().orElse(null),
                layout.schedule().orElse(null),
                layout.schedule().map(sc -> sc.nextRun(context.clock().instant(), context.clock().getZone())).orElse(null),
                nightlyResetPending, warnings, problems, layout.activeSlot(), layout.lastSwitch().map(sw ->
                new ImageListOperation.SwitchView(sw.version(), sw.from(), sw.to(), sw.state().key(), sw.started(),
                        sw.confirmBy().orElse(null), sw.booted().orElse(null), sw.ended().orElse(null),
                        sw.message().isEmpty() ? null : sw.message(), ImageListOperation.waitingFor(sw))).orElse(null),
                journal.filter(j -> j instanceof ImageJournal || j instanceof VersionRecordingJournal)
                        .map(OperationJournal::describe).orElse(null),
                layout.currentBase().toString(), layout.currentDepth(),
                layout.tree().snapshots().stream().map(TreeImage::name).toList(),
                mark.flatMap(PendingReset::snapshot).map(PendingReset.Snapshot::name).orElse(null),
                layout.pullPolicy().map(PullPolicy::reference).orElse(null), layout.lastPull().orElse(null),
                interruptedPull.orElse(null));
    }

    /** The folder's own files: an interrupted job's journal, and what lies at a name every changing command needs. */
    private static void folderStatus(Layout layout, Optional<OperationJournal> journal, List<String> warnings,
                                     List<String> problems) {
        if (journal.isPresent() && LayoutLock.heldByAnother(layout.folder())) {
            warnings.add(journal.get().describe().replaceFirst(" started .*$", "") + " is running right now");
        } else {
            journal.ifPresent(j -> problems.add(j.interrupted(layout)));
        }
        problems.addAll(FixedNames.planted(layout));
    }

    /** The inactive slot (a switch's new slot, or the fallback); broken, a problem while a switch boots it. */
    private FileStatus slotStatus(Layout layout, Slot slot, List<String> warnings, List<String> problems)
            throws IOException {
        Layout.Child child = layout.slot(slot).orElseThrow();
        Path file = layout.slotPath(slot);
        ParentCheck.ChildLink link = new ParentCheck(context).linkOf(file, layout.pathOf(layout.slotBase(slot)));
        String error = link == ParentCheck.ChildLink.LINKED ? null : link.describe();
        Optional<SwitchRecord> booting = layout.lastSwitch().filter(s -> s.pending() && s.to() == slot);
        if (error != null && booting.isPresent()) {
            problems.add("slot " + slot.key() + " (" + child.file() + ") is " + link.state() + ", and the pending"
                    + " switch to " + booting.get().version() + " boots it; `vhdboot image rollback` takes the switch back");
        } else if (error != null) {
            warnings.add("slot " + slot.key() + " (" + child.file() + ") is " + link.state() + "; "
                    + link.slotAdvice());
        }
        if (!Files.exists(file)) {
            return new FileStatus(slot.runningKey(), child.file(), false, null, null, null, null, null, false,
                    link.describe(), false, false, error);
        }
        return fileStatus(slot.runningKey(), child.file(), file, false, link.describe(), error);
    }

    /**
     * The agent acts on the folder's files as SYSTEM: anyone else who may change them could steer it (its boot
     * store program, the files a reset replaces).
     */
    private void checkWhoMayWrite(Layout layout, List<String> warnings) {
        for (Path path : List.of(layout.folder(), layout.iniPath())) {
            try {
                List<String> others = context.platform().otherWriters(path);
                if (!others.isEmpty()) {
                    warnings.add(path + " can be changed by " + String.join(", ", others) + "; only administrators"
                            + " should, since the agent acts on the layout as SYSTEM (on Windows `vhdboot init`"
                            + " restricts it; elsewhere remove their write permission)");
                }
            } catch (IOException e) {
                warnings.add("could not read who may change " + path + ": " + e.getMessage());
            }
        }
    }

    private HostStatus host(Layout layout) {
        Platform platform = context.platform();
        try {
            VolumeFacts volume = platform.volumeFacts(layout.folder());
            return new HostStatus(platform.name(), platform.elevated(), platform.firmwareType().name(),
                    platform.hibernationEnabled(), volume.freeBytes(), volume.compressed(), volume.encrypted(),
                    volume.bitLocker(), volume.notes());
        } catch (IOException e) {
            return new HostStatus(platform.name(), platform.elevated(), platform.firmwareType().name(),
                    platform.hibernationEnabled(), null, false, false, false,
                    List.of("volume facts unavailable: " + e.getMessage()));
        }
    }

    /** A snapshot or a version above the base, as the other files are shown. */
    private FileStatus treeImageStatus(Layout layout, TreeImage image) throws IOException {
        String role = image.ref().isSnapshot() ? "snapshot" : "version";
        Path file = layout.pathOf(image.ref());
        return Files.exists(file) ? fileStatus(role, image.file(), file, ReadOnlyMark.isMarked(file),
                image.parent().orElseThrow().toString(), null) : new FileStatus(role, image.file(), false, null, null,
                null, null, null, false, null, false, false, "missing");
    }

    private FileStatus parentStatus(Layout layout, List<String> warnings, List<String> problems) throws IOException {
        Path parent = layout.parentPath();
        if (!Files.exists(parent)) {
            problems.add("the parent " + layout.parentFile() + " is missing");
            return new FileStatus("parent", layout.parentFile(), false, null, null, null, null, null, false,
                    null, false, false, "missing");
        }
        boolean readOnly = ReadOnlyMark.isMarked(parent);
        if (!readOnly) {
            warnings.add("the parent " + layout.parentFile() + " is writable; any write to it orphans both children"
                    + " (run `vhdboot init` to protect it)");
        }
        String error = null;
        try {
            new ParentCheck(context).verify(layout);
            for (Path base : new ParentCheck(context).imagesUnder(parent)) {
                if (!ReadOnlyMark.isMarked(base)) {
                    warnings.add(base + ", under the parent, is writable; any write to it breaks the layout (run"
                            + " `vhdboot init` to protect it)");
                }
            }
        } catch (IOException | OperationException e) {
            error = e.getMessage();
            problems.add(error);
        }
        return fileStatus("parent", layout.parentFile(), parent, readOnly, null, error);
    }

    /** @param journal an interrupted job: a child it left half way is mended by finishing it, not by a reset */
    private FileStatus childStatus(Layout layout, Role role, boolean parentUsable, Optional<OperationJournal> journal,
                                   List<String> problems) throws IOException {
        Path child = layout.childPath(role);
        ParentCheck.ChildLink link = new ParentCheck(context).linkOf(child, layout.pathOf(layout.standsOn(role)));
        String error = null;
        if (!parentUsable) {
            // Without a usable parent no child can be judged or recreated; the parent's problem says what to do.
            error = "cannot be checked until the parent is usable";
        } else if (link != ParentCheck.ChildLink.LINKED) {
            error = link.describe();
            problems.add(role.label() + " (" + layout.child(role).file() + ") is " + link.state()
                    + journal.filter(j -> j.touches(role))
                            .map(j -> ", as the interrupted job left it; " + j.finishedBy(layout))
                            .orElse("; " + link.resetAdvice(role)));
        }
        if (!Files.exists(child)) {
            return new FileStatus(role.key(), layout.child(role).file(), false, null, null, null, null, null, false,
                    link.describe(), false, false, error);
        }
        return fileStatus(role.key(), layout.child(role).file(), child, false, link.describe(), error);
    }

    private FileStatus fileStatus(String role, String name, Path file, boolean readOnly, String link, String error) {
        try {
            ChainReport report = context.disks().inspect(file);
            LayerInfo info = report.layers().get(0);
            String linkId = linkIdOf(file);
            String chainError = report.failure().map(Throwable::getMessage).orElse(null);
            return new FileStatus(role, name, true, info.virtualSize(), info.fileSize(), info.allocatedBytes(),
                    info.id(), linkId, readOnly, link, inUse(file), error == null && chainError == null,
                    error != null ? error : chainError);
        } catch (IOException e) {
            return new FileStatus(role, name, true, null, null, null, null, null, readOnly, link, inUse(file), false,
                    e.getMessage());
        }
    }

    private boolean inUse(Path file) {
        try {
            return context.platform().inUse(file);
        } catch (IOException e) {
            return false;
        }
    }

    private String linkIdOf(Path file) throws IOException {
        try (Layer layer = context.disks().openLayer(file)) {
            return layer.linkId().map(Object::toString).orElse(null);
        }
    }

    private BootStatus bootStatus(Layout layout, List<String> warnings, List<String> problems) {
        String kind = layout.bootStore().key();
        if (!context.platform().isWindows() && layout.bootStore().needsWindows()) {
            return new BootStatus(kind, false, List.of(), null, List.of(), null, List.of(),
                    "bcdedit is only available on Windows");
        }
        try {
            BootStore store = context.bootStores().open(layout);
            if (!store.readable()) {
                return new BootStatus(kind, false, List.of(), null, List.of(), null, List.of(), null);
            }
            BootManagerState manager = store.manager();
            List<EntryStatus> entries = new ArrayList<>();
            for (Role role : Role.values()) {
                Layout.Child child = layout.child(role);
                // `remove` clears the GUID: no entry to look for until `init` runs again.
                Optional<BootEntry> entry = child.entryId() == null ? Optional.empty() : store.entry(child.entryId());
                boolean isDefault = manager.defaultEntry().equals(Optional.of(child.entryId()));
                if (entry.isEmpty()) {
                    problems.add("the boot entry for " + role.label() + (child.entryId() == null ? "" : " {"
                            + child.entryId() + "}") + " is missing; run `vhdboot init` to restore it");
                }
                entries.add(new EntryStatus(role.key(), child.entryId() == null ? null : "{" + child.entryId() + "}",
                        entry.isPresent(), isDefault,
                        entry.flatMap(e -> e.value("description")).orElse(null),
                        entry.flatMap(e -> e.value("osdevice")).orElse(null)));
            }
            Slot other = layout.activeSlot().other();
            Optional<java.util.UUID> otherEntry = layout.slot(other).map(Layout.Child::entryId);
            if (otherEntry.isPresent() && otherEntry.get() != null) {
                Optional<BootEntry> entry = store.entry(otherEntry.get());
                entries.add(new EntryStatus(other.runningKey(), "{" + otherEntry.get() + "}", entry.isPresent(),
                        manager.defaultEntry().equals(otherEntry), entry.flatMap(e -> e.value("description"))
                        .orElse(null), entry.flatMap(e -> e.value("osdevice")).orElse(null)));
            }
            if (!manager.defaultEntry().equals(Optional.of(layout.child(Role.CURRENT).entryId()))) {
                warnings.add("Current is not the default boot entry");
            }
            return new BootStatus(kind, true, entries, manager.defaultEntry().map(id -> "{" + id + "}").orElse(null),
                    manager.displayOrder().stream().map(id -> "{" + id + "}").toList(), manager.timeout().orElse(null),
                    manager.bootSequence().stream().map(id -> "{" + id + "}").toList(), null);
        } catch (BootStoreException | OperationException e) {
            warnings.add("cannot read the boot store: " + e.getMessage());
            return new BootStatus(kind, false, List.of(), null, List.of(), null, List.of(), e.getMessage());
        }
    }

    /** Uses the parent's size as read above: opening a 2 TiB parent again costs its whole BAT. */
    private void checkFreeSpace(Layout layout, FileStatus parent, List<String> warnings) {
        if (parent.virtualSize() == null) {
            // The parent problem is reported already.
            return;
        }
        try {
            long free = context.platform().volumeFacts(layout.folder()).freeBytes();
            long needed = parent.virtualSize();
            if (free < needed) {
                warnings.add("free space is short: " + free / MIB + " MiB free, but native boot may expand a"
                        + " child to " + needed / MIB + " MiB (unless VirtualDiskExpandOnMount=4)");
            }
        } catch (IOException e) {
            // host() reports volume facts that cannot be read.
        }
    }
}
