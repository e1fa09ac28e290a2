package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStore;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.files.KeptFile;
import org.vhdboot.layout.FreeSpacePolicy;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code vhdboot image switch VERSION}, the A/B step: the slot that is not active gets a fresh child of VERSION and a
 * boot entry "NAME (VERSION, trying)", the switch is recorded as pending, and, last, a one-time boot into the new slot
 * is set. The default entry stays on the old slot until the switch is confirmed ({@link ImageConfirmOperation}); a new
 * slot that never confirms falls back by itself at the next start, since the one-time boot is consumed
 * ({@link SwitchWatch}). Journalled: interrupted at any step, the next changing command rolls it back, so a switch
 * whose one-time boot was not set leaves the old default untouched.
 */
public final class ImageSwitchOperation {
    public record Options(String version, Optional<Duration> confirmWithin, boolean reboot, boolean yes,
                          boolean dryRun) {
    }

    /**
     * @param commands the boot store command lines run (or, in a dry run, planned)
     * @param confirmBy when the pending switch is given up if the new slot has not started
     */
    public record Result(String version, Slot from, Slot to, String slotFile, String entry, List<String> commands,
                         Instant confirmBy, boolean dryRun, List<String> plan, Optional<String> recovered,
                         long durationMillis, boolean rebooting) {
    }

    private final OperationContext context;

    public ImageSwitchOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        if (options.confirmWithin().filter(d -> d.isNegative() || d.isZero()).isPresent()) {
            throw new OperationException(OperationException.Kind.USAGE, "--confirm-within must be a positive duration");
        }
        VersionRecords.recorded(loaded, options.version());
        if (options.reboot() && !loaded.bootStore().changesBootAtOnce()) {
            // The restart would come before the one-time boot reaches the boot manager, and land in the old slot.
            throw new OperationException(OperationException.Kind.PRECONDITION, "--reboot restarts into the new slot"
                    + " once, and this layout has " + loaded.bootStore().describe() + "; switch without --reboot, run"
                    + " the script, then restart");
        }
        Instant confirmBy = options.confirmWithin().map(started::plus).orElse(null);
        if (options.dryRun()) {
            LayoutChange.dryRunCheck(context, loaded, "image switch");
            Slot to = loaded.activeSlot().other();
            checkSwitchable(loaded, options.version());
            refuseFileInTheWay(loaded, to);
            BootStore store = context.bootStores().open(loaded);
            List<BootChange> changes = new ArrayList<>(new SlotEntries(context).prepare(loaded, store, to,
                    SlotEntries.trying(loaded, options.version())));
            changes.add(new BootChange.BootOnce(SlotEntries.entryId(loaded, to)));
            return new Result(options.version(), loaded.activeSlot(), to, to.fileFor(loaded),
                    "{" + SlotEntries.entryId(loaded, to) + "}", SlotEntries.describe(store, changes), confirmBy, true,
                    plan(loaded, options.version(), to), Optional.empty(), 0, false);
        }
        Result result;
        try (LayoutChange change = LayoutChange.begin(context, loaded, "image switch")) {
            Layout layout = change.layout();
            Slot from = layout.activeSlot();
            Slot to = from.other();
            checkSwitchable(layout, options.version());
            refuseFileInTheWay(layout, to);
            confirmReplacing(layout, to, options);
            ImageJournal journal = new ImageJournal(ImageJournal.Operation.SWITCH, List.of(options.version()),
                    Optional.empty(), Optional.of(from), Optional.of(to), false, "", started);
            List<String> steps = new ArrayList<>();
            List<String> commands;
            try {
                journal.write(layout, context.steps());
                commands = prepare(layout, journal, Optional.ofNullable(confirmBy), steps);
            } catch (IOException | OperationException | RuntimeException e) {
                new ImageJournalRecovery(context).afterFailure(layout, e, "image switch " + options.version(), started);
                RefusedWrite.rethrowExplained(e, "image switch " + options.version(), layout);
                throw e;
            }
            long took = Duration.between(started, context.clock().instant()).toMillis();
            context.log(layout).record(Event.SWITCH_STARTED, Duration.ofMillis(took), "switch to " + options.version()
                    + ": slot " + to.key() + " (" + to.fileFor(layout) + ") prepared, one-time boot into it set; slot "
                    + from.key() + " stays the default until the switch is confirmed"
                    + (confirmBy == null ? "" : "; given up unless started by " + confirmBy));
            result = new Result(options.version(), from, to, to.fileFor(layout), "{" + SlotEntries.entryId(layout, to)
                    + "}", commands, confirmBy, false, steps, change.recovered(), took,
                    options.reboot() && context.restart().isPresent());
        }
        if (options.reboot()) {
            restart(options.version());
        }
        return result;
    }

    private void checkSwitchable(Layout layout, String name) throws IOException, OperationException {
        if (!layout.bootStore().makesEntries()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "image switch sets a one-time boot into"
                    + " the new slot, but this layout has " + layout.bootStore().describe());
        }
        Optional<SwitchRecord> pending = layout.lastSwitch().filter(SwitchRecord::pending);
        if (pending.isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "a switch to " + pending.get().version()
                    + " is pending; confirm it (`vhdboot image confirm`, in the new slot) or abandon it (`vhdboot"
                    + " image rollback`) first");
        }
        ImageRef version = VersionRecords.ref(name);
        if (layout.currentBase().equals(version)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "Current already stands on version "
                    + name + "; `vhdboot reset` gives it a fresh start there");
        }
        int depth = layout.tree().depth(version) + 1;
        if (depth > layout.maxDepth()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "a slot on " + name + " would stand "
                    + depth + " links deep, more than max_depth = " + layout.maxDepth() + " in " + Layout.INI_NAME);
        }
        Slot to = layout.activeSlot().other();
        Path slot = layout.folder().resolve(to.fileFor(layout));
        if (new RunningSystem(context).bootedFrom(layout).runningFrom(to.runningKey())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "switch refused: running from slot "
                    + to.key() + " (" + to.fileFor(layout) + "), which the switch replaces; start the default entry"
                    + " and switch from there");
        }
        if (context.platform().inUse(slot)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "switch refused: " + slot.getFileName()
                    + " is in use by another program (attached or open); detach it first");
        }
        for (ImageRef under : layout.tree().lineage(version)) {
            Path file = layout.pathOf(under);
            if (!under.equals(ImageRef.BASE_VERSION) && Files.exists(file) && !ReadOnlyMark.isMarked(file)) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "switch refused: version "
                        + under.name() + " (" + file.getFileName() + ") is writable, so it may have changed since it"
                        + " was recorded; versions are never written: restore the file, or mark it read-only once you"
                        + " know it is unchanged");
            }
        }
        checkVersion(layout, version);
        checkFreeSpace(layout, slot);
    }

    /** The version must open with a healthy chain and still be the file that was recorded. */
    private void checkVersion(Layout layout, ImageRef version) throws IOException {
        TreeImage record = layout.tree().get(version);
        Path file = layout.pathOf(version);
        try (Chain chain = context.disks().open(file, false)) {
            String linkId = chain.top().linkId().map(Object::toString).orElse("");
            if (record.linkId() != null && !record.linkId().equalsIgnoreCase(linkId)) {
                throw new ParentLinkException("version " + version.name() + " (" + record.file() + ") was modified"
                        + " after it was recorded (its id " + record.linkId() + " is now " + linkId + "); versions are"
                        + " never written: restore the file");
            }
        }
    }

    /** As a reset checks it: native boot expands the new slot to its full size. */
    private void checkFreeSpace(Layout layout, Path slot) throws IOException, OperationException {
        if (layout.freeSpace() == FreeSpacePolicy.IGNORE || layout.parentIdentity().isEmpty()) {
            return;
        }
        long free = context.platform().volumeFacts(layout.folder()).freeBytes();
        long reclaimed = Files.exists(slot) ? Files.size(slot) : 0;
        long needed = layout.parentIdentity().get().virtualSize();
        if (free + reclaimed >= needed) {
            return;
        }
        String message = ExpansionSpace.shortfall(free, reclaimed, slot.getFileName().toString(), needed);
        if (layout.freeSpace() == FreeSpacePolicy.REFUSE) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "switch refused: " + message
                    + " (free_space = refuse in " + Layout.INI_NAME + ")");
        }
        context.reporter().warn(message);
    }

    /**
     * A pipe, folder or device at the slot's name is never replaced. A file there that the layout does not record as
     * that slot is someone's, not a slot to replace, unless it is what a switch undone from its journal leaves there:
     * an empty child of a recorded version.
     */
    private void refuseFileInTheWay(Layout layout, Slot to) throws OperationException, IOException {
        Path file = layout.slotPath(to);
        if (KeptFile.isSomethingElse(file)) {
            throw ParentCheck.notReplaced(file.getFileName().toString(), "switch again");
        }
        if (layout.slot(to).isEmpty() && Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !emptySlotLeftOver(layout,
                file)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, to.fileFor(layout) + " is in the way:"
                    + " the layout does not record it as slot " + to.key() + "; move it away and switch again");
        }
    }

    private boolean emptySlotLeftOver(Layout layout, Path file) throws IOException {
        FreshChild fresh = new FreshChild(context);
        for (TreeImage image : layout.tree().all()) {
            if (image.ref().kind() == ImageRef.Kind.VERSION && fresh.standsOn(file, layout.pathOf(image.ref()))) {
                return context.disks().storedBytes(file) == 0;
            }
        }
        return false;
    }

    /** The slot kept as the fallback since the last switch is replaced: what it holds is lost. */
    private void confirmReplacing(Layout layout, Slot to, Options options) throws OperationException {
        if (options.yes() || layout.slot(to).isEmpty() || !Files.exists(layout.slotPath(to))) {
            return;
        }
        String question = "Replace " + layout.slot(to).get().file() + " (slot " + to.key() + ", on version "
                + layout.slotVersion(to).name() + ") with a fresh slot on " + options.version() + "? Everything in it"
                + " is lost.";
        if (!context.reporter().confirm(question)) {
            throw new OperationException(OperationException.Kind.DECLINED, "switch cancelled; nothing was changed");
        }
    }

    private static List<String> plan(Layout layout, String version, Slot to) {
        String slot = to.fileFor(layout);
        List<String> plan = new ArrayList<>();
        plan.add("write " + ImageJournal.FILE_NAME + " (image switch " + version + " in progress)");
        plan.add("create " + StagedFile.temporaryFor(layout.folder().resolve(slot)).getFileName() + " as an empty child"
                + " of " + layout.tree().get(VersionRecords.ref(version)).file() + " and rename it over " + slot);
        plan.add("create or update the boot entry \"" + SlotEntries.trying(layout, version) + "\" for " + slot);
        plan.add("record slot " + to.key() + " and the pending switch in " + Layout.INI_NAME);
        plan.add("set a one-time boot into slot " + to.key() + " (the default stays on slot "
                + layout.activeSlot().key() + ")");
        plan.add("remove " + ImageJournal.FILE_NAME);
        return plan;
    }

    /** Every step in order; the one-time boot last, so an interrupted switch never changes the next start. */
    private List<String> prepare(Layout layout, ImageJournal journal, Optional<Instant> confirmBy, List<String> steps)
            throws IOException, OperationException {
        Slot to = journal.to().orElseThrow();
        String version = journal.versionName();
        Path slot = layout.folder().resolve(to.fileFor(layout));
        new FreshChild(context).put(layout, slot, layout.pathOf(VersionRecords.ref(version)));
        steps.add("created " + slot.getFileName() + " as an empty child of "
                + layout.tree().get(VersionRecords.ref(version)).file());
        BootStore store = context.bootStores().open(layout);
        UUID entry = SlotEntries.entryId(layout, to);
        String description = SlotEntries.trying(layout, version);
        List<String> commands = new ArrayList<>(SlotEntries.apply(store, new SlotEntries(context).prepare(layout, store,
                to, description), "preparing slot " + to.key()));
        steps.add("made the boot entry \"" + description + "\" {" + entry + "}");
        layout.setSlot(to, new Layout.Child(to.fileFor(layout), entry, description));
        layout.setSlotBase(to, VersionRecords.ref(version));
        layout.setLastSwitch(SwitchRecord.pending(version, journal.from().orElseThrow(), context.clock().instant(),
                confirmBy));
        LayoutFile.save(layout, context.steps());
        steps.add("recorded the pending switch in " + Layout.INI_NAME);
        commands.addAll(SlotEntries.apply(store, List.of(new BootChange.BootOnce(entry)), "setting the one-time boot"));
        steps.add("set a one-time boot into slot " + to.key() + "; the default is still slot "
                + journal.from().orElseThrow().key());
        ImageJournal.clear(layout.folder(), context.steps());
        return commands;
    }

    /**
     * An interrupted switch is rolled back, never finished later at a moment nobody chose: the one-time boot is taken
     * back if it was set, and the switch is recorded as rolled back. The prepared slot stays for the next switch.
     */
    String recover(Layout layout, ImageJournal journal) throws IOException, OperationException {
        Slot to = journal.to().orElseThrow();
        new FreshChild(context).dropTemporary(layout.folder().resolve(to.fileFor(layout)));
        Optional<SwitchRecord> recorded = layout.lastSwitch().filter(s -> s.pending() && s.to() == to
                && s.version().equals(journal.versionName()));
        if (recorded.isPresent()) {
            if (layout.bootStore().makesEntries()) {
                SlotEntries.apply(context.bootStores().open(layout), List.of(new BootChange.CancelBootOnce(
                        SlotEntries.entryId(layout, to))), "taking back the one-time boot of an interrupted switch");
            }
            layout.setLastSwitch(recorded.get().ended(SwitchRecord.State.ROLLED_BACK, context.clock().instant(),
                    "interrupted before it was complete; run `vhdboot image switch " + journal.versionName() + "` again"));
            LayoutFile.save(layout, context.steps());
        }
        ImageJournal.clear(layout.folder(), context.steps());
        return "rolled back an interrupted image switch " + journal.versionName() + ": the default is still slot "
                + journal.from().orElseThrow().key() + " and no one-time boot is set";
    }

    private void restart(String version) throws IOException {
        if (context.restart().isEmpty()) {
            context.reporter().warn("--reboot ignored: this system cannot be restarted from here");
            return;
        }
        context.restart().get().restart(Duration.ofSeconds(5), "vhdboot: trying version " + version
                + "; restarting into it once");
    }
}
