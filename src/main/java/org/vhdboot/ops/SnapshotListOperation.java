package org.vhdboot.ops;

import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vhdboot snapshot list}: the tree from the parent through every snapshot to Current, read without changing
 * anything. Each image with its note, time, bytes stored and depth; Current where it stands, and the base that
 * {@code reset} returns it to. Where {@code vhdboot.ini} and the images' own links disagree, the images are right
 * and the list says so.
 */
public final class SnapshotListOperation {

    /**
     * One image of the tree, or Current at its leaf, in tree order (each image before what stands on it).
     *
     * @param kind {@code version}, {@code snapshot}, {@code current}, or {@code inactive_slot} (the slot that is not
     *             Current, shown under its base)
     * @param parent what it stands on ({@code version:NAME}, {@code snapshot:NAME}), null for the base version
     * @param storedBytes bytes its own file stores; null when the file cannot be read
     * @param depth differencing links from the base version: 0 for it, 1 for what stands on it
     * @param base whether this is the image {@code reset} returns Current to
     */
    public record Entry(String name, String kind, String file, String parent, String note, Instant created,
                        Long storedBytes, int depth, boolean base, boolean exists) {
    }

    /**
     * The JSON document of {@code snapshot list --json}, documented in docs/cli.md.
     *
     * @param base Current's base, {@code snapshot:NAME} or {@code version:NAME}
     * @param currentDepth links in Current's chain
     */
    public record Report(String layout, List<Entry> images, String base, int currentDepth, int maxDepth,
                         List<String> warnings, List<String> problems) {
    }

    private final OperationContext context;

    public SnapshotListOperation(OperationContext context) {
        this.context = context;
    }

    public Report run(Layout layout) throws IOException, LayoutException {
        List<String> warnings = new ArrayList<>();
        List<String> problems = new ArrayList<>(new TreeCheck(context).disagreements(layout));
        OperationJournal.read(layout).ifPresent(j -> problems.add(j.interrupted(layout)));
        if (layout.currentDepth() > layout.maxDepth()) {
            warnings.add("Current's chain is " + layout.currentDepth() + " links deep, more than max_depth = "
                    + layout.maxDepth() + "; delete snapshots to shorten it");
        }
        List<Entry> entries = new ArrayList<>();
        addBranch(layout, ImageRef.BASE_VERSION, entries);
        return new Report(layout.iniPath().toString(), entries, layout.currentBase().toString(), layout.currentDepth(),
                layout.maxDepth(), warnings, problems);
    }

    private void addBranch(Layout layout, ImageRef ref, List<Entry> entries) throws IOException {
        TreeImage image = layout.tree().get(ref);
        Path file = layout.folder().resolve(image.file());
        entries.add(new Entry(ref.name(), ref.kind().key(), image.file(), image.parent().map(Object::toString)
                .orElse(null), image.note(), image.created(), stored(file), layout.tree().depth(ref),
                layout.currentBase().equals(ref), Files.exists(file)));
        if (layout.currentBase().equals(ref)) {
            Path current = layout.childPath(Role.CURRENT);
            entries.add(new Entry(Role.CURRENT.label(), Role.CURRENT.key(), current.getFileName().toString(),
                    ref.toString(), null, null, stored(current), layout.currentDepth(), false, Files.exists(current)));
        }
        Slot inactive = layout.activeSlot().other();
        if (layout.slot(inactive).isPresent() && layout.slotBase(inactive).equals(ref)) {
            // What stands on a snapshot here besides Current: snapshot delete refuses it while the slot is kept.
            Path slot = layout.slotPath(inactive);
            entries.add(new Entry("slot " + inactive.key(), "inactive_slot", slot.getFileName().toString(),
                    ref.toString(), null, null, stored(slot), layout.tree().depth(ref) + 1, false, Files.exists(slot)));
        }
        for (TreeImage child : layout.tree().childrenOf(ref)) {
            addBranch(layout, child.ref(), entries);
        }
    }

    private Long stored(Path file) {
        try {
            return Files.exists(file) ? context.disks().storedBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
