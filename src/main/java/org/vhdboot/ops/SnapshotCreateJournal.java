package org.vhdboot.ops;

import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.Role;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The journal of {@code snapshot create NAME}: Current's file becomes the snapshot's ({@code frozen}), then a fresh
 * child of it takes Current's name. Before that first rename the operation rolls back; after it, forward.
 *
 * @param parent what the old Current stood on, which the snapshot stands on
 * @param replacement the new Current, under its temporary name until renamed over Current
 */
public record SnapshotCreateJournal(String snapshot, String note, ImageRef parent, String targetFile,
                                    String replacement, String frozen, Instant started) implements OperationJournal {
    static final String OPERATION = "snapshot-create";

    static SnapshotCreateJournal parse(LayoutText text, LayoutText.Section settings, Layout layout)
            throws LayoutException {
        LayoutText.Entry name = OperationJournal.required(text, settings, "snapshot");
        if (ImageName.problem(name.value()).isPresent()) {
            throw text.invalid(name, "is not a snapshot name");
        }
        LayoutText.Entry parentEntry = OperationJournal.required(text, settings, "parent");
        ImageRef parent = ImageRef.parse(parentEntry.value()).filter(p -> layout.tree().find(p).isPresent())
                .orElseThrow(() -> text.invalid(parentEntry, "is not an image the layout records; vhdboot did not"
                        + " write this journal: check the folder and remove it"));
        ResetFiles files = ResetFiles.of(layout, Role.CURRENT);
        String what = "snapshot create " + name.value();
        String target = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "target_file"), layout,
                files.child().getFileName().toString(), what);
        String replacement = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "replacement"),
                layout, files.replacement().getFileName().toString(), what);
        String frozen = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "frozen"), layout,
                layout.snapshotFile(name.value()), what);
        String note = settings.entry("note").map(LayoutText.Entry::value).orElse("");
        return new SnapshotCreateJournal(name.value(), note, parent, target, replacement, frozen,
                OperationJournal.started(settings));
    }

    @Override
    public String describe() {
        return "snapshot create " + snapshot + " started " + started;
    }

    @Override
    public boolean touches(Role role) {
        return role == Role.CURRENT;
    }

    @Override
    public Optional<String> finishingCommand(Layout layout) {
        return Optional.of("vhdboot snapshot create " + snapshot);
    }

    /** Written before the operation's first change. */
    public void write(Path folder, FileSteps steps) throws IOException {
        new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot snapshot create in progress; the next changing command finishes or undoes it")
                .put("operation", OPERATION)
                .put("snapshot", snapshot)
                .put("note", note)
                .put("parent", parent.toString())
                .put("target_file", targetFile)
                .put("replacement", replacement)
                .put("frozen", frozen)
                .put("started", started.toString())
                .writeAtomically(OperationJournal.path(folder), steps);
    }
}
