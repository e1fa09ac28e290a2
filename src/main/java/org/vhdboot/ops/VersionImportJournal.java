package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The journal of recording a verified layer file as a version ({@code image pull}): the layer waits under the
 * version's temporary name, is relocated onto its parent here, renamed to the version's file, marked read-only and
 * recorded. Before the rename the step rolls back (the temporary file goes; the download it came from stays, to be
 * unpacked again), after it forward. Its files are the version's derived ones, never taken from the journal.
 *
 * @param linkId       the id the layer's own children link to, which it must still have
 * @param sourceSha256 the SHA-256 of the layer file as published (hex)
 */
public record VersionImportJournal(String version, ImageRef parent, String linkId, String sourceSha256, String note,
                                   Instant created, String staged, String image, Instant started)
        implements OperationJournal {
    static final String OPERATION = "version-import";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    static VersionImportJournal parse(LayoutText text, LayoutText.Section settings, Layout layout)
            throws LayoutException {
        LayoutText.Entry name = OperationJournal.required(text, settings, "version");
        if (ImageName.problem(name.value()).isPresent()) {
            throw text.invalid(name, "is not a version name");
        }
        ImageRef version = new ImageRef(ImageRef.Kind.VERSION, name.value());
        LayoutText.Entry parentEntry = OperationJournal.required(text, settings, "parent");
        ImageRef parent = new ImageRef(ImageRef.Kind.VERSION, parentEntry.value());
        if (ImageName.problem(parentEntry.value()).isPresent() || layout.tree().find(parent).isEmpty()
                || parent.equals(version)) {
            throw text.invalid(parentEntry, "is not a version the layout records; vhdboot did not write this journal:"
                    + " check the folder and remove it");
        }
        VersionFiles files = VersionFiles.of(layout, version);
        String what = "recording version " + name.value();
        String staged = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "staged"), layout,
                files.staged().getFileName().toString(), what);
        String image = OperationJournal.agreeing(text, OperationJournal.required(text, settings, "image"), layout,
                files.image().getFileName().toString(), what);
        LayoutText.Entry linkId = OperationJournal.required(text, settings, "link_id");
        LayoutText.Entry sha256 = OperationJournal.required(text, settings, "source_sha256");
        if (!SHA256.matcher(sha256.value()).matches()) {
            throw text.invalid(sha256, "is not a SHA-256 in hex");
        }
        String note = settings.entry("note").map(LayoutText.Entry::value).orElse("");
        try {
            UUID.fromString(linkId.value());
        } catch (IllegalArgumentException e) {
            throw text.invalid(linkId, "is not a GUID");
        }
        LayoutText.Entry createdEntry = OperationJournal.required(text, settings, "created");
        Instant created;
        try {
            created = Instant.parse(createdEntry.value());
        } catch (DateTimeParseException e) {
            throw text.invalid(createdEntry, "is not a time");
        }
        return new VersionImportJournal(name.value(), parent, linkId.value().toLowerCase(Locale.ROOT), sha256.value(),
                note, created, staged, image, OperationJournal.started(settings));
    }

    ImageRef ref() {
        return new ImageRef(ImageRef.Kind.VERSION, version);
    }

    @Override
    public String describe() {
        return "recording pulled version " + version + " started " + started;
    }

    public void write(Path folder, FileSteps steps) throws IOException {
        byte[] text = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH)
                .comment("vhdboot is recording a pulled version; the next changing command finishes or undoes it")
                .put("operation", OPERATION)
                .put("version", version)
                .put("parent", parent.name())
                .put("link_id", linkId)
                .put("source_sha256", sourceSha256)
                .put("note", note)
                .put("created", created.toString())
                .put("staged", staged)
                .put("image", image)
                .put("started", started.toString())
                .bytes();
        steps.writeAtomically(OperationJournal.path(folder), text);
    }
}
