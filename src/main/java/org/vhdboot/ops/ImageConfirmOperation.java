package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStore;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.layout.ImageRef;
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
 * {@code vhdboot image confirm}: the pending switch becomes permanent. Run inside the new slot, by the agent after a
 * healthy boot ({@link SwitchWatch}) or by an admin. The new slot becomes the default and "(Current)", the old one
 * "(previous)", kept as the fallback until the next switch or a prune, and Recovery moves onto the new version with a
 * fresh child. Journalled; an interrupted confirm is finished by the next changing command: every step is idempotent.
 */
public final class ImageConfirmOperation {
    public record Options(boolean dryRun) {
    }

    /** @param alreadyConfirmed the switch was confirmed before; nothing changed */
    public record Result(String version, Slot active, Slot previous, List<String> commands, boolean alreadyConfirmed,
                         boolean dryRun, List<String> plan, Optional<String> recovered, long durationMillis) {
    }

    private final OperationContext context;

    public ImageConfirmOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        if (options.dryRun()) {
            LayoutChange.dryRunCheck(context, loaded, "image confirm");
            Optional<Result> done = alreadyConfirmed(loaded, true);
            if (done.isPresent()) {
                return done.get();
            }
            SwitchRecord pending = checkConfirmable(loaded);
            BootStore store = context.bootStores().open(loaded);
            return new Result(pending.version(), pending.to(), pending.from(),
                    SlotEntries.describe(store, confirmChanges(loaded, store, pending.to())),
                    false, true, plan(loaded, pending), Optional.empty(), 0);
        }
        try (LayoutChange change = LayoutChange.begin(context, loaded, "image confirm")) {
            Layout layout = change.layout();
            Optional<Result> done = alreadyConfirmed(layout, false);
            if (done.isPresent()) {
                return done.get();
            }
            SwitchRecord pending = checkConfirmable(layout);
            List<String> plan = plan(layout, pending);
            ImageJournal journal = new ImageJournal(ImageJournal.Operation.CONFIRM, List.of(pending.version()),
                    Optional.empty(), Optional.of(pending.from()), Optional.of(pending.to()), false, "", started);
            List<String> commands;
            try {
                journal.write(layout, context.steps());
                commands = complete(layout, journal);
            } catch (IOException | OperationException | RuntimeException e) {
                new ImageJournalRecovery(context).afterFailure(layout, e, "image confirm " + pending.version(), started);
                RefusedWrite.rethrowExplained(e, "image confirm " + pending.version(), layout);
                throw e;
            }
            long took = Duration.between(started, context.clock().instant()).toMillis();
            context.log(layout).record(Event.SWITCH_CONFIRMED, Duration.ofMillis(took), "switch to "
                    + pending.version() + " confirmed: slot " + pending.to().key() + " is the default, slot "
                    + pending.from().key() + " kept as the fallback, Recovery stands on " + pending.version());
            return new Result(pending.version(), pending.to(), pending.from(), commands, false, false, plan,
                    change.recovered(), took);
        }
    }

    private static Optional<Result> alreadyConfirmed(Layout layout, boolean dryRun) {
        return layout.lastSwitch().filter(s -> s.state() == SwitchRecord.State.CONFIRMED && layout.activeSlot() == s.to())
                .map(s -> new Result(s.version(), s.to(), s.from(), List.of(), true, dryRun, List.of(), Optional.empty(),
                        0));
    }

    private SwitchRecord checkConfirmable(Layout layout) throws IOException, OperationException {
        SwitchRecord pending = layout.lastSwitch().filter(SwitchRecord::pending).orElseThrow(() ->
                new OperationException(OperationException.Kind.PRECONDITION, "no switch is pending"
                        + layout.lastSwitch().map(s -> " (the switch to " + s.version() + " is " + s.state().key()
                        + ")").orElse("") + "; `vhdboot image switch VERSION` starts one"));
        var booted = new RunningSystem(context).bootedFrom(layout);
        if (booted.runningFrom(Role.CURRENT.key())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "confirm refused: running from slot "
                    + pending.from().key() + ", which the switch leaves; confirm runs in the new slot (\""
                    + SlotEntries.trying(layout, pending.version()) + "\") once it has started well");
        }
        refuseRecovery(layout, booted.runningFrom(Role.RECOVERY.key()));
        Path slot = layout.slotPath(pending.to());
        if (!new FreshChild(context).standsOn(slot, layout.pathOf(VersionRecords.ref(pending.version())))) {
            throw new ParentLinkException("confirm refused: " + slot.getFileName() + " does not stand on version "
                    + pending.version() + "; `vhdboot status` shows why");
        }
        return pending;
    }

    /** Recovery is replaced, so it must not be the running system, nor anything but a file. */
    static void refuseRecovery(Layout layout, boolean runningFromRecovery) throws OperationException {
        if (runningFromRecovery) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "refused: running from Recovery ("
                    + layout.child(Role.RECOVERY).file() + "), which moves onto the new version; run it from the new"
                    + " slot");
        }
        RecoveryMove.refuseNotAFile(layout);
    }

    private List<String> plan(Layout layout, SwitchRecord pending) throws IOException {
        List<String> plan = new ArrayList<>();
        plan.add("write " + ImageJournal.FILE_NAME + " (image confirm " + pending.version() + " in progress)");
        plan.add("make slot " + pending.to().key() + " (" + layout.slotPath(pending.to()).getFileName() + ") the default"
                + " boot entry \"" + SlotEntries.current(layout) + "\"; slot " + pending.from().key() + " becomes \""
                + SlotEntries.previous(layout) + "\"");
        plan.add(new RecoveryMove(context).planned(layout, VersionRecords.ref(pending.version())));
        plan.add("record slot " + pending.to().key() + " as active and the switch as confirmed in " + Layout.INI_NAME);
        plan.add("remove " + ImageJournal.FILE_NAME);
        return plan;
    }

    /**
     * Slot {@code to} becomes the default. A confirm run outside it (WinPE, Linux) finds its one-time boot not yet
     * consumed: it is taken back, so no start is left pointing at a slot by a path other than the default.
     */
    private List<BootChange> confirmChanges(Layout layout, BootStore store, Slot to) throws OperationException {
        List<BootChange> changes = new ArrayList<>(SlotEntries.takeBackBootOnce(layout, store, to));
        // The new slot's entry lost since the switch (a boot repair): made again, so the confirm can finish.
        changes.addAll(new SlotEntries(context).repair(layout, store, to, SlotEntries.current(layout)));
        changes.addAll(SlotEntries.makeDefault(layout, store, to, SlotEntries.previous(layout)));
        return changes;
    }

    /** The steps, each idempotent: boot entries, Recovery, the record, the journal removed. */
    private List<String> complete(Layout layout, ImageJournal journal) throws IOException, OperationException {
        Slot to = journal.to().orElseThrow();
        Slot from = journal.from().orElseThrow();
        ImageRef version = VersionRecords.ref(journal.versionName());
        BootStore store = context.bootStores().open(layout);
        List<String> commands = SlotEntries.apply(store, confirmChanges(layout, store, to), "making slot " + to.key()
                + " the default");
        new RecoveryMove(context).onto(layout, version);
        layout.setActiveSlot(to);
        layout.slot(to).ifPresent(c -> layout.setSlot(to, new Layout.Child(c.file(), c.entryId(),
                SlotEntries.current(layout))));
        layout.slot(from).ifPresent(c -> layout.setSlot(from, new Layout.Child(c.file(), c.entryId(),
                SlotEntries.previous(layout))));
        layout.lastSwitch().filter(s -> s.version().equals(journal.versionName()) && s.to() == to)
                .ifPresent(s -> layout.setLastSwitch(s.ended(SwitchRecord.State.CONFIRMED, context.clock().instant(),
                        "")));
        LayoutFile.save(layout, context.steps());
        ImageJournal.clear(layout.folder(), context.steps());
        return commands;
    }

    /** An interrupted confirm is finished: it was asked for, and each of its steps can be done again. */
    String recover(Layout layout, ImageJournal journal) throws IOException, OperationException {
        if (layout.lastSwitch().filter(s -> s.state() == SwitchRecord.State.CONFIRMED).isPresent()
                && layout.activeSlot() == journal.to().orElseThrow()) {
            ImageJournal.clear(layout.folder(), context.steps());
            return "cleared the journal of a confirm of " + journal.versionName() + " that was complete";
        }
        refuseRecovery(layout, new RunningSystem(context).bootedFrom(layout).runningFrom(Role.RECOVERY.key()));
        complete(layout, journal);
        return "finished an interrupted image confirm " + journal.versionName() + ": slot " + journal.to().orElseThrow()
                .key() + " is the default";
    }
}
