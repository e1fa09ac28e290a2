package org.vhdboot.layout;

import java.time.Instant;
import java.util.Optional;

/**
 * What the writable children stand on, and the A/B slots, in {@code vhdboot.ini} version 2: {@code [current]} (slot
 * a, as in version 1) and {@code [current.b]} with their {@code base} and {@code version}, {@code [active] slot},
 * {@code [recovery] version} and the last {@code [switch]}. Hostile input like the tree: slot b's file must be the
 * one its name derives, every base and version must be recorded, the active slot must exist, and a switch must name
 * a recorded version and two different slots; any flaw is one line naming the file, the section and the key.
 */
final class LayoutSlotSections {
    private static final String ACTIVE = "active";
    private static final String SWITCH = "switch";

    private LayoutSlotSections() {
    }

    /** After the tree: bases and versions must resolve in it. */
    static void read(LayoutText text, Layout layout) throws LayoutException {
        Optional<LayoutSettings> active = LayoutSettings.optional(text, ACTIVE, layout.folder());
        Slot activeSlot = active.isEmpty() ? Slot.A : active.get().parse("slot", LayoutSlotSections::slot,
                "is not a or b").orElse(Slot.A);
        for (Slot slot : Slot.values()) {
            Optional<LayoutSettings> section = LayoutSettings.optional(text, slot.section(), layout.folder());
            if (section.isPresent()) {
                readSlot(section.get(), slot, layout);
            } else if (slot == activeSlot) {
                throw new LayoutException(text.file() + " lacks a [" + slot.section() + "] section"
                        + (slot == Slot.A ? "; run `vhdboot init` again" : ", the active slot"));
            }
        }
        layout.setActiveSlot(activeSlot);
        LayoutSettings recovery = new LayoutSettings(text, Role.RECOVERY.key(), layout.folder());
        Optional<ImageRef> recoveryVersion = recovery.parse("version", LayoutTreeSections::versionNamed,
                "is not a version name");
        if (recoveryVersion.isPresent() && layout.tree().find(recoveryVersion.get()).isEmpty()) {
            throw recovery.invalid("version", "is not a version the layout records");
        }
        layout.setRecoveryVersion(recoveryVersion.orElse(ImageRef.BASE_VERSION));
        Optional<LayoutSettings> lastSwitch = LayoutSettings.optional(text, SWITCH, layout.folder());
        Optional<SwitchRecord> record = lastSwitch.isEmpty() ? Optional.empty()
                : Optional.of(readSwitch(lastSwitch.get(), layout));
        if (active.isEmpty() && (record.isPresent() || layout.slot(Slot.B).isPresent())) {
            // Read as slot a, a slot b made default by a switch would be the one prune deletes and switch replaces.
            throw new LayoutException(text.file() + " lacks its [active] section, which vhdboot writes in every layout"
                    + " with a slot b or a switch; vhdboot did not leave it so: restore it (slot = a or b)");
        }
        if (record.isPresent()) {
            // Only a confirmed switch moves the default; pending, failed or rolled back, it stays where it came from.
            SwitchRecord last = record.get();
            Slot leftActive = last.state() == SwitchRecord.State.CONFIRMED ? last.to() : last.from();
            if (activeSlot != leftActive) {
                throw active.orElseThrow().invalid("slot", "is not the slot a " + last.state().key() + " switch"
                        + " from slot " + last.from().key() + " to slot " + last.to().key() + " leaves active ("
                        + leftActive.key() + ")");
            }
            layout.setLastSwitch(last);
        }
    }

    private static void readSlot(LayoutSettings section, Slot slot, Layout layout) throws LayoutException {
        Layout.Child child = LayoutFile.child(section, layout.name() + " (" + Role.CURRENT.label() + ")");
        if (slot != Slot.A && !child.file().equalsIgnoreCase(slot.fileFor(layout))) {
            throw section.invalid("file", "is not the file vhdboot names slot " + slot.key() + " (" + slot.fileFor(layout)
                    + ")");
        }
        layout.setSlot(slot, child);
        Optional<ImageRef> base = section.parse("base", LayoutTreeSections::reference, "is not version:NAME or"
                + " snapshot:NAME");
        if (base.isPresent() && layout.tree().find(base.get()).isEmpty()) {
            throw section.invalid("base", "is not recorded in the layout");
        }
        layout.setSlotBase(slot, base.orElse(ImageRef.BASE_VERSION));
        Optional<String> version = section.word("version");
        if (version.isPresent() && !version.get().equals(layout.slotVersion(slot).name())) {
            throw section.invalid("version", "is not the version under base = " + layout.slotBase(slot));
        }
    }

    private static SwitchRecord readSwitch(LayoutSettings section, Layout layout) throws LayoutException {
        ImageRef version = section.parse("version", LayoutTreeSections::versionNamed, "is not a version name")
                .orElseThrow(() -> section.missing("version"));
        if (layout.tree().find(version).isEmpty()) {
            throw section.invalid("version", "is not a version the layout records");
        }
        Slot from = section.parse("from", LayoutSlotSections::slot, "is not a or b").orElseThrow(() ->
                section.missing("from"));
        Slot to = section.parse("to", LayoutSlotSections::slot, "is not a or b").orElseThrow(() -> section.missing("to"));
        if (to == from) {
            throw section.invalid("to", "is the slot the switch came from");
        }
        SwitchRecord.State state = section.parse("state", text -> SwitchRecord.State.parse(text).orElseThrow(
                IllegalArgumentException::new), "is not pending, confirmed, failed or rolled-back")
                .orElseThrow(() -> section.missing("state"));
        if (state == SwitchRecord.State.PENDING && layout.slot(to).isEmpty()) {
            throw section.invalid("to", "names a slot the layout does not record");
        }
        Instant started = section.instant("started").orElseThrow(() -> section.missing("started"));
        return new SwitchRecord(version.name(), from, to, state, started, section.instant("confirm_by"),
                section.instant("booted"), section.instant("ended"), section.text("message").orElse(""));
    }

    private static Slot slot(String text) {
        return Slot.parse(text).orElseThrow(IllegalArgumentException::new);
    }

    /** {@code [current]} and {@code [current.b]}, each with what it stands on. */
    static void writeSlots(LayoutText.Writer file, Layout layout) {
        for (Slot slot : Slot.values()) {
            layout.slot(slot).ifPresent(child -> file.section(slot.section())
                    .put("file", child.file())
                    .put("entry", child.entryId() == null ? "" : "{" + child.entryId() + "}")
                    .put("description", child.description())
                    .put("base", layout.slotBase(slot).toString())
                    .put("version", layout.slotVersion(slot).name()));
        }
    }

    /** {@code [active]} and {@code [switch]}. */
    static void writeSwitch(LayoutText.Writer file, Layout layout) {
        file.section(ACTIVE).put("slot", layout.activeSlot().key());
        layout.lastSwitch().ifPresent(record -> {
            file.section(SWITCH)
                    .put("version", record.version())
                    .put("from", record.from().key())
                    .put("to", record.to().key())
                    .put("state", record.state().key())
                    .put("started", record.started().toString());
            record.confirmBy().ifPresent(at -> file.put("confirm_by", at.toString()));
            record.booted().ifPresent(at -> file.put("booted", at.toString()));
            record.ended().ifPresent(at -> file.put("ended", at.toString()));
            if (!record.message().isBlank()) {
                file.put("message", record.message());
            }
        });
    }
}
