package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStore;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot image rollback}: abandons the last switch. A pending one loses its one-time boot, so the next start
 * stays in the old slot. A confirmed one is undone: the previous slot, kept as the fallback, becomes the default and
 * "(Current)" again, and Recovery moves back onto its version with a fresh child. The new slot is kept until the next
 * switch or a prune. Journalled; an interrupted rollback is finished by the next changing command.
 */
public final class ImageRollbackOperation {
    public record Options(boolean yes, boolean dryRun) {
    }

    /**
     * @param wasConfirmed whether a confirmed switch was undone (else a pending one was abandoned)
     * @param active the slot that is the default afterwards
     */
    public record Result(String version, boolean wasConfirmed, Slot active, List<String> commands, boolean dryRun,
                         List<String> plan, Optional<String> recovered, long durationMillis) {
    }

    private final OperationContext context;

    public ImageRollbackOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        if (options.dryRun()) {
            LayoutChange.dryRunCheck(context, loaded, "image rollback");
            SwitchRecord last = checkRollbackable(loaded);
            BootStore store = context.bootStores().open(loaded);
            return new Result(last.version(), !last.pending(), last.from(), SlotEntries.describe(store,
                    bootChanges(loaded, store, last)), true, plan(loaded, last), Optional.empty(), 0);
        }
        try (LayoutChange change = LayoutChange.begin(context, loaded, "image rollback")) {
            Layout layout = change.layout();
            SwitchRecord last = checkRollbackable(layout);
            confirm(layout, last, options.yes());
            List<String> plan = plan(layout, last);
            ImageJournal journal = new ImageJournal(ImageJournal.Operation.ROLLBACK, List.of(last.version()),
                    Optional.empty(), Optional.of(last.from()), Optional.of(last.to()), false, "", started);
            List<String> commands;
            try {
                journal.write(layout, context.steps());
                commands = complete(layout, journal);
            } catch (IOException | OperationException | RuntimeException e) {
                new ImageJournalRecovery(context).afterFailure(layout, e, "image rollback " + last.version(), started);
                RefusedWrite.rethrowExplained(e, "image rollback " + last.version(), layout);
                throw e;
            }
            long took = Duration.between(started, context.clock().instant()).toMillis();
            context.log(layout).record(Event.SWITCH_ROLLED_BACK, Duration.ofMillis(took), (last.pending()
                    ? "pending switch to " + last.version() + " abandoned; the one-time boot is taken back"
                    : "confirmed switch to " + last.version() + " undone") + "; slot " + last.from().key()
                    + " is the default");
            return new Result(last.version(), !last.pending(), last.from(), commands, false, plan, change.recovered(),
                    took);
        }
    }

    private SwitchRecord checkRollbackable(Layout layout) throws IOException, OperationException {
        SwitchRecord last = layout.lastSwitch().filter(s -> s.pending()
                || s.state() == SwitchRecord.State.CONFIRMED && layout.activeSlot() == s.to())
                .orElseThrow(() -> new OperationException(OperationException.Kind.PRECONDITION, "no pending or"
                        + " confirmed switch to roll back" + layout.lastSwitch().map(s -> " (the switch to "
                        + s.version() + " is " + s.state().key() + ")").orElse("")));
        if (last.pending()) {
            return last;
        }
        if (layout.slot(last.from()).isEmpty()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "slot " + last.from().key() + " was"
                    + " pruned, so there is nothing to go back to; `vhdboot image switch "
                    + layout.slotVersion(last.from()).name() + "` makes a fresh slot on its version");
        }
        Path previous = layout.slotPath(last.from());
        if (!new FreshChild(context).standsOn(previous, layout.pathOf(layout.slotBase(last.from())))) {
            throw new ParentLinkException("rollback refused: " + previous.getFileName() + " does not stand on "
                    + layout.tree().get(layout.slotBase(last.from())).file() + "; `vhdboot status` shows why");
        }
        ImageConfirmOperation.refuseRecovery(layout, new RunningSystem(context).bootedFrom(layout)
                .runningFrom(Role.RECOVERY.key()));
        return last;
    }

    private void confirm(Layout layout, SwitchRecord last, boolean yes) throws OperationException {
        if (yes) {
            return;
        }
        String question = last.pending() ? "Abandon the switch to " + last.version() + "? The next start stays in"
                + " slot " + last.from().key() + "."
                : "Make slot " + last.from().key() + " (version " + layout.slotVersion(last.from()).name()
                + ") the default again, and move Recovery back onto that version?";
        if (!context.reporter().confirm(question)) {
            throw new OperationException(OperationException.Kind.DECLINED, "rollback cancelled; nothing was changed");
        }
    }

    private List<BootChange> bootChanges(Layout layout, BootStore store, SwitchRecord last)
            throws OperationException {
        String newSlot = SlotEntries.rolledBack(layout, last.version());
        if (last.pending()) {
            return List.of(new BootChange.CancelBootOnce(SlotEntries.entryId(layout, last.to())),
                    new BootChange.Rename(SlotEntries.entryId(layout, last.to()), newSlot));
        }
        // A confirm by an earlier vhdboot run outside the new slot (WinPE, Linux) left its one-time boot: taken back
        // where the store shows it, as confirm does now.
        List<BootChange> changes = new ArrayList<>(SlotEntries.takeBackBootOnce(layout, store, last.to()));
        // Lost since the confirm (a boot repair), or made again by a rollback that stopped before its elements.
        changes.addAll(new SlotEntries(context).repair(layout, store, last.from(), SlotEntries.current(layout)));
        changes.addAll(SlotEntries.makeDefault(layout, store, last.from(), newSlot));
        return changes;
    }

    private List<String> plan(Layout layout, SwitchRecord last) throws IOException {
        List<String> plan = new ArrayList<>();
        plan.add("write " + ImageJournal.FILE_NAME + " (image rollback " + last.version() + " in progress)");
        if (last.pending()) {
            plan.add("take back the one-time boot into slot " + last.to().key());
        } else {
            plan.add("make slot " + last.from().key() + " (" + layout.slotPath(last.from()).getFileName() + ") the"
                    + " default boot entry \"" + SlotEntries.current(layout) + "\" again");
            plan.add(new RecoveryMove(context).planned(layout, layout.slotVersion(last.from())));
        }
        plan.add("record the switch as rolled back in " + Layout.INI_NAME);
        plan.add("remove " + ImageJournal.FILE_NAME);
        return plan;
    }

    /** The steps, each idempotent; which ones follows from the switch as the ini records it. */
    private List<String> complete(Layout layout, ImageJournal journal) throws IOException, OperationException {
        SwitchRecord last = layout.lastSwitch().orElseThrow();
        List<String> commands = new ArrayList<>();
        if (layout.bootStore().makesEntries()) {
            BootStore store = context.bootStores().open(layout);
            commands.addAll(SlotEntries.apply(store, bootChanges(layout, store, last),
                    "rolling back the switch to " + last.version()));
        }
        Slot from = journal.from().orElseThrow();
        Slot to = journal.to().orElseThrow();
        if (!last.pending()) {
            new RecoveryMove(context).onto(layout, layout.slotVersion(from));
            layout.setActiveSlot(from);
            layout.slot(from).ifPresent(c -> layout.setSlot(from, new Layout.Child(c.file(), c.entryId(),
                    SlotEntries.current(layout))));
        }
        layout.slot(to).ifPresent(c -> layout.setSlot(to, new Layout.Child(c.file(), c.entryId(),
                SlotEntries.rolledBack(layout, last.version()))));
        layout.setLastSwitch(last.ended(SwitchRecord.State.ROLLED_BACK, context.clock().instant(),
                "rolled back by `vhdboot image rollback`"));
        LayoutFile.save(layout, context.steps());
        ImageJournal.clear(layout.folder(), context.steps());
        return commands;
    }

    /** An interrupted rollback is finished: it was asked for, and each of its steps can be done again. */
    String recover(Layout layout, ImageJournal journal) throws IOException, OperationException {
        boolean done = layout.lastSwitch().filter(s -> s.pending() || s.state() == SwitchRecord.State.CONFIRMED)
                .isEmpty();
        if (!done) {
            complete(layout, journal);
        } else {
            ImageJournal.clear(layout.folder(), context.steps());
        }
        return "finished an interrupted image rollback " + journal.versionName() + ": slot "
                + layout.activeSlot().key() + " is the default";
    }
}
