package org.vhdboot.ops;

import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutSettings;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.layout.Role;
import org.vhdboot.oci.Rfc3339Time;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The journal of recording a layer file made elsewhere as a version ({@link VersionRecording}, for {@code image add}
 * and {@code image pull}): the layer waits under the version's temporary name, is relocated onto its parent here,
 * renamed to the version's file, marked read-only and recorded. Before the rename the step rolls back (the temporary
 * file goes), after it forward. Its files are the version's derived ones, never taken from the journal. Its kind is
 * {@code version-import}, as pulls wrote it before adds used it too; {@code by} says which command (a journal without
 * it is a pull's). An add's journal of an earlier vhdboot ({@code image-add}) is read as one of these
 * ({@link #fromImageAdd}).
 *
 * @param linkId       the id the layer's own children link to, which it must still have; empty only for an
 *                     {@code image-add} journal, whose file says it
 * @param sourceSha256 the SHA-256 of the layer file as published or given (hex); empty until an add has copied it
 * @param published    the blob a pulled layer came from
 */
public record VersionRecordingJournal(Origin by, String version, ImageRef parent, Optional<String> linkId,
                                      Optional<String> sourceSha256, Optional<PublishedBlob> published, String note,
                                      Instant created, String staged, String image, Instant started)
        implements OperationJournal {
    static final String OPERATION = "version-import";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The command recording the version, with the words its messages use. */
    public enum Origin {
        ADD("add", "the layer file"),
        PULL("pull", "the image");

        private final String key;
        private final String source;

        Origin(String key, String source) {
            this.key = key;
            this.source = source;
        }

        /** What says what the layer must be, for messages: {@code the image}. */
        String source() {
            return source;
        }

        String rolledBack(String version) {
            // Said after an interrupted add and after one that failed in the same run alike.
            return this == ADD ? "rolled back image add " + version + ": nothing was added"
                    : "rolled back recording pulled version " + version + ": nothing was recorded; pull it again";
        }

        String finished(String version) {
            return this == ADD ? "finished an interrupted image add " + version + ": it is recorded"
                    : "finished recording pulled version " + version;
        }

        String complete(String version) {
            return this == ADD ? "cleared the journal of an image add " + version + " that was complete"
                    : finished(version);
        }

        static Optional<Origin> parse(String key) {
            for (Origin origin : values()) {
                if (origin.key.equals(key)) {
                    return Optional.of(origin);
                }
            }
            return Optional.empty();
        }
    }

    static VersionRecordingJournal parse(LayoutText text, LayoutText.Section settings, Layout layout)
            throws LayoutException {
        Optional<LayoutText.Entry> byEntry = settings.entry("by");
        Origin by = byEntry.isEmpty() ? Origin.PULL : Origin.parse(byEntry.get().value())
                .orElseThrow(() -> text.invalid(byEntry.get(), "is not add or pull"));
        String name = versionName(text, OperationJournal.required(text, settings, "version"));
        ImageRef version = VersionRecords.ref(name);
        ImageRef parent = recordedParent(text, OperationJournal.required(text, settings, "parent"), layout, version);
        VersionFiles files = VersionFiles.of(layout, version);
        String what = "recording version " + name;
        String staged = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "staged"), layout,
                files.staged().getFileName().toString(), what);
        String image = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "image"), layout,
                files.image().getFileName().toString(), what);
        LayoutText.Entry linkId = OperationJournal.required(text, settings, "link_id");
        try {
            UUID.fromString(linkId.value());
        } catch (IllegalArgumentException e) {
            throw text.invalid(linkId, "is not a GUID");
        }
        Optional<LayoutText.Entry> sha256 = by == Origin.PULL
                ? Optional.of(OperationJournal.required(text, settings, "source_sha256"))
                : settings.entry("source_sha256");
        if (sha256.isPresent() && !SHA256.matcher(sha256.get().value()).matches()) {
            throw text.invalid(sha256.get(), "is not a SHA-256 in hex");
        }
        Optional<PublishedBlob> published = PublishedBlob.read(new LayoutSettings(text, settings, layout.folder()),
                layout.format().extension());
        String note = settings.entry("note").map(LayoutText.Entry::value).orElse("");
        LayoutText.Entry createdEntry = OperationJournal.required(text, settings, "created");
        Instant created;
        try {
            created = Rfc3339Time.parse(createdEntry.value());
        } catch (DateTimeParseException e) {
            throw text.invalid(createdEntry, "is not a time");
        }
        return new VersionRecordingJournal(by, name, parent, Optional.of(linkId.value().toLowerCase(Locale.ROOT)),
                sha256.map(LayoutText.Entry::value), published, note, created, staged, image,
                OperationJournal.started(settings));
    }

    private static String versionName(LayoutText text, LayoutText.Entry name) throws LayoutException {
        if (ImageName.problem(name.value()).isPresent()) {
            throw text.invalid(name, "is not a version name");
        }
        return name.value();
    }

    private static ImageRef recordedParent(LayoutText text, LayoutText.Entry entry, Layout layout, ImageRef version)
            throws LayoutException {
        ImageRef parent = VersionRecords.ref(entry.value());
        if (ImageName.problem(entry.value()).isPresent() || layout.tree().find(parent).isEmpty()
                || parent.equals(version)) {
            throw text.invalid(entry, "is not a version the layout records; vhdboot did not write this journal:"
                    + " check the folder and remove it");
        }
        return parent;
    }

    /**
     * An {@code image-add} journal of an earlier vhdboot, already checked against the layout ({@link ImageJournal}):
     * the same recording, its link id read from the file, its time the moment it is finished.
     */
    static VersionRecordingJournal fromImageAdd(ImageJournal journal, Layout layout, Instant now) {
        ImageRef version = VersionRecords.ref(journal.versionName());
        VersionFiles files = VersionFiles.of(layout, version);
        return new VersionRecordingJournal(Origin.ADD, journal.versionName(),
                VersionRecords.ref(journal.parent().orElseThrow()), Optional.empty(), Optional.empty(),
                Optional.empty(), "added", now, files.staged().getFileName().toString(),
                files.image().getFileName().toString(), journal.started());
    }

    ImageRef ref() {
        return VersionRecords.ref(version);
    }

    @Override
    public String describe() {
        return (by == Origin.ADD ? "image add " : "recording pulled version ") + version + " started " + started;
    }

    @Override
    public boolean touches(Role role) {
        return false;
    }

    /** The copy is checked already: any changing command records it or takes it back, and the source stays. */
    @Override
    public Optional<String> finishingCommand(Layout layout) {
        return Optional.empty();
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        LayoutText.Writer text = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot is recording a version made elsewhere; the next changing command finishes or"
                        + " undoes it")
                .put("operation", OPERATION)
                .put("by", by.key)
                .put("version", version)
                .put("parent", parent.name())
                .put("link_id", linkId.orElseThrow());
        sourceSha256.ifPresent(sha256 -> text.put("source_sha256", sha256));
        published.ifPresent(blob -> blob.write(text));
        text.put("note", note)
                .put("created", created.toString())
                .put("staged", staged)
                .put("image", image)
                .put("started", started.toString());
        text.writeAtomically(OperationJournal.path(folder), steps);
    }
}
