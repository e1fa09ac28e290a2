package org.vhdboot.ops;

import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.Rfc3339Time;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal of {@code snapshot delete NAME}: each child takes NAME's sectors and is relinked to NAME's parent, then
 * NAME's file goes, then its record. A merge changes nothing a child reads, so the operation only ever goes forward.
 *
 * @param children what stood on NAME when the delete began: {@code current} or {@code snapshot:X}
 * @param modified each child's modification time then, which it keeps (VHD children record their parent's)
 */
public record SnapshotDeleteJournal(String snapshot, ImageRef parent, List<String> children, List<Instant> modified,
                                    Instant started) implements OperationJournal {
    static final String OPERATION = "snapshot-delete";
    static final String CURRENT = Role.CURRENT.key();

    public SnapshotDeleteJournal {
        children = List.copyOf(children);
        modified = List.copyOf(modified);
    }

    static SnapshotDeleteJournal parse(LayoutText text, LayoutText.Section settings, Layout layout)
            throws LayoutException {
        LayoutText.Entry name = OperationJournal.required(text, settings, "snapshot");
        if (ImageName.problem(name.value()).isPresent()) {
            throw text.invalid(name, "is not a snapshot name");
        }
        LayoutText.Entry parentEntry = OperationJournal.required(text, settings, "parent");
        ImageRef parent = ImageRef.parse(parentEntry.value()).filter(p -> layout.tree().find(p).isPresent())
                .orElseThrow(() -> text.invalid(parentEntry, "is not an image the layout records; vhdboot did not"
                        + " write this journal: check the folder and remove it"));
        LayoutText.Entry childrenEntry = OperationJournal.required(text, settings, "children");
        List<String> children = childrenEntry.value().isBlank() ? List.of() : List.of(childrenEntry.value().split(","));
        Optional<TreeImage> recorded = layout.tree().find(ImageRef.snapshot(name.value()));
        if (recorded.isPresent() && (!recorded.get().parent().orElseThrow().equals(parent)
                || !children.equals(childrenOf(layout, recorded.get().ref())))) {
            throw text.invalid(childrenEntry, "is not what stands on " + name.value() + " in the layout; vhdboot did"
                    + " not write this journal: check the folder and remove it");
        }
        LayoutText.Entry modifiedEntry = OperationJournal.required(text, settings, "modified");
        List<Instant> modified = new ArrayList<>();
        try {
            for (String time : modifiedEntry.value().isBlank() ? new String[0] : modifiedEntry.value().split(",")) {
                modified.add(Rfc3339Time.parse(time.strip()));
            }
        } catch (DateTimeParseException e) {
            throw text.invalid(modifiedEntry, "is not a list of times");
        }
        if (modified.size() != children.size()) {
            throw text.invalid(modifiedEntry, "does not give one time per child");
        }
        return new SnapshotDeleteJournal(name.value(), parent, children, modified, OperationJournal.started(settings));
    }

    /** What stands on {@code ref}, as the journal lists it: snapshots in ini order, then Current. */
    static List<String> childrenOf(Layout layout, ImageRef ref) {
        List<String> children = new ArrayList<>();
        layout.tree().childrenOf(ref).forEach(child -> children.add(child.ref().toString()));
        if (layout.currentBase().equals(ref)) {
            children.add(CURRENT);
        }
        return children;
    }

    @Override
    public String describe() {
        return "snapshot delete " + snapshot + " started " + started;
    }

    @Override
    public boolean touches(Role role) {
        return role == Role.CURRENT && children.contains(CURRENT);
    }

    @Override
    public Optional<String> finishingCommand(Layout layout) {
        return Optional.of("vhdboot snapshot delete " + snapshot);
    }

    /** Written before the operation's first change. */
    public void write(Path folder, FileSteps steps) throws IOException {
        new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot snapshot delete in progress; the next changing command finishes it")
                .put("operation", OPERATION)
                .put("snapshot", snapshot)
                .put("parent", parent.toString())
                .put("children", String.join(",", children))
                .put("modified", String.join(",", modified.stream().map(Instant::toString).toList()))
                .put("started", started.toString())
                .writeAtomically(OperationJournal.path(folder), steps);
    }
}
