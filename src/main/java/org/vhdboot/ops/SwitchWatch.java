package org.vhdboot.ops;

import org.vhdboot.boot.BootChange;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.windows.BootedFrom;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the agent does about a pending switch, by where the system started. In the new slot, the boot tick records the
 * start, and a later tick confirms once the system has been up for {@link #HEALTHY_AFTER} ({@link ImageConfirmOperation}).
 * In the old slot, the boot tick means the new slot never confirmed (a bug check, a boot loop, a missing driver, a power
 * cut: the one-time boot was consumed), so the switch is recorded as failed with "switch to VERSION not confirmed" in
 * the log, the Event Log and {@code status}. A pending switch whose new slot has not started by its
 * {@code --confirm-within} deadline is given up, its one-time boot taken back.
 */
public final class SwitchWatch {
    /** How long the new slot must stay up after its boot tick before it is confirmed. */
    public static final Duration HEALTHY_AFTER = Duration.ofMinutes(10);

    /** What a tick found. */
    public enum Outcome { NONE, WAITING, BOOTED, CONFIRMED, NOT_CONFIRMED }

    public record Seen(Outcome outcome, String detail) {
        static Seen none() {
            return new Seen(Outcome.NONE, "no switch is pending");
        }
    }

    private final OperationContext context;

    public SwitchWatch(OperationContext context) {
        this.context = context;
    }

    /** The agent's tick: where the system runs, as the platform says. */
    Seen tick(Path ini, BootedFrom booted, boolean atBoot) throws IOException, OperationException {
        Layout layout = LayoutFile.load(ini);
        Optional<Slot> slot = booted.runningFrom(Role.CURRENT.key()) ? Optional.of(layout.activeSlot())
                : booted.runningFrom(layout.activeSlot().other().runningKey())
                ? Optional.of(layout.activeSlot().other()) : Optional.empty();
        return startedIn(ini, slot, atBoot);
    }

    /**
     * A tick in {@code slot} (empty: Recovery, WinPE or another system); {@code atBoot} for the tick at start. Also
     * what {@code vhdboot demo} calls to show a start it cannot make.
     */
    public Seen startedIn(Path ini, Optional<Slot> slot, boolean atBoot) throws IOException, OperationException {
        Layout layout = LayoutFile.load(ini);
        Optional<SwitchRecord> pending = layout.lastSwitch().filter(SwitchRecord::pending);
        if (pending.isEmpty()) {
            return Seen.none();
        }
        if (ImageJournal.read(layout).filter(j -> j.operation() == ImageJournal.Operation.SWITCH).isPresent()) {
            return new Seen(Outcome.WAITING, "the switch to " + pending.get().version() + " was interrupted; the next"
                    + " changing command rolls it back");
        }
        SwitchRecord record = pending.get();
        if (slot.filter(record.to()::equals).isPresent()) {
            return inNewSlot(layout, record, atBoot);
        }
        if (slot.filter(record.from()::equals).isPresent() && atBoot) {
            return inOldSlotAtBoot(layout, record);
        }
        return checkDeadline(layout, record);
    }

    private Seen inNewSlot(Layout layout, SwitchRecord record, boolean atBoot) throws IOException, OperationException {
        Instant now = context.clock().instant();
        if (atBoot) {
            update(layout, record, record.bootedAt(now));
            context.log(layout).record(Event.SWITCH_STARTED, Duration.ZERO, "slot " + record.to().key() + " started on "
                    + record.version() + "; the agent confirms it after " + HEALTHY_AFTER.toMinutes() + " minutes up");
            return new Seen(Outcome.BOOTED, "started version " + record.version() + " in slot " + record.to().key()
                    + "; confirming at " + now.plus(HEALTHY_AFTER) + " if it stays up");
        }
        if (record.booted().isEmpty()) {
            return new Seen(Outcome.WAITING, "waiting for the boot tick in slot " + record.to().key());
        }
        Instant healthy = record.booted().get().plus(HEALTHY_AFTER);
        if (now.isBefore(healthy)) {
            return new Seen(Outcome.WAITING, "confirming the switch to " + record.version() + " at " + healthy);
        }
        new ImageConfirmOperation(context).run(layout, new ImageConfirmOperation.Options(false));
        return new Seen(Outcome.CONFIRMED, "confirmed the switch to " + record.version() + " after a healthy start");
    }

    /** The old slot started while the switch is pending: unless the one-time boot is still set, it was consumed. */
    private Seen inOldSlotAtBoot(Layout layout, SwitchRecord record) throws IOException, OperationException {
        UUID entry = SlotEntries.entryId(layout, record.to());
        try {
            BootStore store = context.bootStores().open(layout);
            // A script store cannot be read back: its one-time boot is taken as consumed, as the demo's is, since a
            // switch left pending would hold the nightly reset back for good.
            if (store.readable() && store.manager().bootSequence().contains(entry)) {
                return new Seen(Outcome.WAITING, "the one-time boot into slot " + record.to().key() + " is still set;"
                        + " the switch to " + record.version() + " is tried at the next restart");
            }
        } catch (BootStoreException e) {
            return new Seen(Outcome.WAITING, "cannot read the boot store (" + e.getMessage() + "); the switch to "
                    + record.version() + " stays pending");
        }
        String why = record.booted().isPresent()
                ? "slot " + record.to().key() + " started at " + record.booted().get() + " but did not stay up for "
                + HEALTHY_AFTER.toMinutes() + " minutes"
                : "slot " + record.to().key() + " never reached the agent's boot tick";
        return fail(layout, record, why);
    }

    private Seen checkDeadline(Layout layout, SwitchRecord record) throws IOException, OperationException {
        Instant now = context.clock().instant();
        if (record.confirmBy().isEmpty() || record.booted().isPresent() || !now.isAfter(record.confirmBy().get())) {
            return new Seen(Outcome.WAITING, "the switch to " + record.version() + " waits for a start of slot "
                    + record.to().key() + record.confirmBy().map(at -> " by " + at).orElse(""));
        }
        try {
            SlotEntries.apply(context.bootStores().open(layout), List.of(new BootChange.CancelBootOnce(
                    SlotEntries.entryId(layout, record.to()))), "taking back the one-time boot");
        } catch (OperationException e) {
            context.reporter().warn(e.getMessage());
        }
        return fail(layout, record, "slot " + record.to().key() + " did not start by " + record.confirmBy().get()
                + " (--confirm-within)");
    }

    private Seen fail(Layout layout, SwitchRecord record, String why) throws IOException, OperationException {
        String message = record.notConfirmed() + ": " + why + "; slot " + record.from().key() + " is still the default";
        update(layout, record, record.ended(SwitchRecord.State.FAILED, context.clock().instant(), message));
        context.log(layout).record(Event.SWITCH_NOT_CONFIRMED, Duration.ZERO, message);
        context.reporter().warn(message);
        return new Seen(Outcome.NOT_CONFIRMED, message);
    }

    /** Under the layout lock, and only if the switch is still the one this tick saw. */
    private void update(Layout seen, SwitchRecord before, SwitchRecord after) throws IOException, OperationException {
        try (LayoutLock lock = LayoutLock.acquire(seen.folder(), "agent tick")) {
            Layout layout = LayoutFile.load(seen.iniPath());
            if (layout.lastSwitch().filter(before::equals).isPresent()) {
                layout.setLastSwitch(after);
                LayoutFile.save(layout, context.steps());
            }
        }
    }
}
