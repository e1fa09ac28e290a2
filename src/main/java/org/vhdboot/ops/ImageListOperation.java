package org.vhdboot.ops;

import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot image list}: the version chain, what each slot and Recovery stand on, the bytes each layer stores,
 * and what a switch is waiting for. Reads and changes nothing; where the images' own parent links disagree with the
 * record in {@code vhdboot.ini}, it says so (the links are the truth).
 */
public final class ImageListOperation {

    /**
     * One version.
     *
     * @param storedBytes bytes of the virtual disk the file stores itself
     * @param link how the file's own parent link agrees with the record: {@code linked}, or what is wrong
     * @param usedBy who stands on it or on a layer above it: {@code slot a}, {@code recovery}, {@code snapshot:x}
     */
    public record VersionView(String name, String file, String parent, Instant created, String note, String sha256,
                              String linkId, boolean exists, boolean readOnly, Long storedBytes, Long fileSize,
                              String link, int depth, List<String> usedBy) {
    }

    /** One slot. */
    public record SlotView(Slot slot, String file, boolean active, String base, String version, String entry,
                           String description, boolean exists) {
    }

    /** The last switch and what it waits for. */
    public record SwitchView(String version, Slot from, Slot to, String state, Instant started, Instant confirmBy,
                             Instant booted, Instant ended, String message, String waitingFor) {
    }

    /** The JSON document of {@code image list --json}, documented in docs/cli.md. */
    public record Report(String layout, String name, List<VersionView> versions, List<SlotView> slots,
                         Slot activeSlot, String currentVersion, String recoveryVersion, SwitchView lastSwitch,
                         String interrupted, List<String> problems) {
    }

    private final OperationContext context;

    public ImageListOperation(OperationContext context) {
        this.context = context;
    }

    public Report run(Layout layout) throws IOException, LayoutException {
        List<String> problems = new ArrayList<>();
        String interrupted = ImageJournal.read(layout).map(j -> j.interrupted(layout)).orElse(null);
        if (interrupted != null) {
            problems.add(interrupted);
        }
        List<VersionView> versions = new ArrayList<>();
        for (TreeImage image : layout.tree().all()) {
            if (image.ref().kind() == ImageRef.Kind.VERSION) {
                versions.add(version(layout, image, problems));
            }
        }
        List<SlotView> slots = new ArrayList<>();
        for (Slot slot : Slot.values()) {
            layout.slot(slot).ifPresent(child -> slots.add(new SlotView(slot, child.file(), slot == layout.activeSlot(),
                    layout.slotBase(slot).toString(), layout.slotVersion(slot).name(),
                    child.entryId() == null ? null : "{" + child.entryId() + "}", child.description(),
                    Files.exists(layout.slotPath(slot)))));
        }
        SwitchView lastSwitch = layout.lastSwitch().map(s -> new SwitchView(s.version(), s.from(), s.to(),
                s.state().key(), s.started(), s.confirmBy().orElse(null), s.booted().orElse(null),
                s.ended().orElse(null), s.message().isEmpty() ? null : s.message(), waitingFor(s))).orElse(null);
        return new Report(layout.iniPath().toString(), layout.name(), versions, slots, layout.activeSlot(),
                layout.currentVersion().name(), layout.recoveryVersion().name(), lastSwitch, interrupted, problems);
    }

    /**
     * What is wrong with the versions above the base (which {@code status} checks as the parent): each missing,
     * linked elsewhere, modified or writable one, as {@code image list} reports it.
     */
    List<String> versionProblems(Layout layout) throws IOException {
        List<String> problems = new ArrayList<>();
        for (TreeImage image : layout.tree().all()) {
            if (image.ref().kind() == ImageRef.Kind.VERSION && !image.ref().equals(ImageRef.BASE_VERSION)) {
                version(layout, image, problems);
            }
        }
        return problems;
    }

    private VersionView version(Layout layout, TreeImage image, List<String> problems) throws IOException {
        Path file = layout.pathOf(image.ref());
        String parent = image.parent().map(ImageRef::name).orElse(null);
        int depth = layout.tree().depth(image.ref());
        List<String> usedBy = usedBy(layout, image.ref());
        if (!Files.exists(file)) {
            problems.add("version " + image.name() + ": " + image.file() + " is missing");
            return new VersionView(image.name(), image.file(), parent, image.created(), image.note(), image.sha256(),
                    image.linkId(), false, false, null, null, "missing", depth, usedBy);
        }
        String link = linkOf(layout, image, file);
        if (!link.equals("linked")) {
            problems.add("version " + image.name() + " (" + image.file() + "): " + link);
        }
        boolean readOnly = ReadOnlyMark.isMarked(file);
        if (!readOnly) {
            problems.add("version " + image.name() + " (" + image.file() + ") is writable; versions are never written"
                    + " (`vhdboot init` marks the base; mark it read-only)");
        }
        Long stored = null;
        try {
            stored = context.disks().storedBytes(file);
        } catch (IOException e) {
            problems.add("version " + image.name() + ": " + e.getMessage());
        }
        return new VersionView(image.name(), image.file(), parent, image.created(), image.note(), image.sha256(),
                image.linkId(), true, readOnly, stored, Files.size(file), link, depth, usedBy);
    }

    /** The record against the file: its parent link must name the recorded parent, and its id the recorded one. */
    private String linkOf(Layout layout, TreeImage image, Path file) throws IOException {
        Optional<String> linkId;
        Optional<ParentLink> link;
        try (Layer layer = context.disks().openLayer(file)) {
            linkId = layer.linkId().map(Object::toString);
            link = layer.parentLink();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
        if (image.linkId() != null && !linkId.map(image.linkId()::equalsIgnoreCase).orElse(false)) {
            return "was modified after it was recorded (id " + image.linkId() + " is now " + linkId.orElse("none") + ")";
        }
        if (image.parent().isEmpty()) {
            return link.isPresent() ? "is a differencing image, but the record has it stand on nothing" : "linked";
        }
        ParentCheck.ChildLink state = new ParentCheck(context).linkOf(file, layout.pathOf(image.parent().get()));
        return state == ParentCheck.ChildLink.LINKED ? "linked"
                : state.describe() + " (the record says it stands on " + image.parent().get().name() + ")";
    }

    private static List<String> usedBy(Layout layout, ImageRef version) {
        List<String> users = new ArrayList<>();
        for (Slot slot : Slot.values()) {
            if (layout.slot(slot).isPresent() && layout.tree().lineage(layout.slotBase(slot)).contains(version)) {
                users.add("slot " + slot.key() + (slot == layout.activeSlot() ? " (current)" : ""));
            }
        }
        if (layout.tree().lineage(layout.recoveryVersion()).contains(version)) {
            users.add("recovery");
        }
        for (TreeImage snapshot : layout.tree().snapshots()) {
            if (layout.tree().versionUnder(snapshot.ref()).filter(version::equals).isPresent()) {
                users.add(snapshot.ref().toString());
            }
        }
        layout.lastSwitch().filter(SwitchRecord::pending).filter(s -> s.version().equals(version.name()))
                .ifPresent(s -> users.add("pending switch"));
        return users;
    }

    /** In words, for a pending switch: the start of the new slot, or the confirm after a healthy start. */
    static String waitingFor(SwitchRecord record) {
        if (!record.pending()) {
            return null;
        }
        if (record.booted().isPresent()) {
            return "the agent in slot " + record.to().key() + " to confirm it once up for "
                    + SwitchWatch.HEALTHY_AFTER.toMinutes() + " minutes (from " + record.booted().get()
                    .plus(SwitchWatch.HEALTHY_AFTER) + "), or `vhdboot image confirm` there";
        }
        return "a restart into slot " + record.to().key() + " (the one-time boot is set)"
                + record.confirmBy().map(at -> " by " + at).orElse("");
    }
}
