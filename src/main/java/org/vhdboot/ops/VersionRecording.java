package org.vhdboot.ops;

import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one way a layer file made elsewhere becomes a version of this layout: {@code image add} (a file given) and
 * {@code image pull} (a blob downloaded) both leave it under the version's temporary name and end here. It is checked
 * ({@code vhd check}, a differencing image of this layout's format and size, the link id expected, and a parent link
 * whose identity is the local parent version's), then relocated (its parent locators pointed at the local parent's
 * file, its link id unchanged), renamed to the version's file, marked read-only and recorded in {@code vhdboot.ini}
 * with its SHA-256, the SHA-256 it came with and, for a pulled one, the blob it came from. Journalled
 * ({@link VersionRecordingJournal}): killed before the rename it rolls back, after it forward. The caller holds the
 * layout's lock and has finished any interrupted operation.
 */
final class VersionRecording {
    /**
     * What the layer must be, and what its record says.
     *
     * @param parent       the recorded version it stands on here
     * @param sourceSha256 the SHA-256 of the layer file as published or given (hex), already checked against the
     *                     staged file; empty only while an add has not copied it yet
     * @param published    the blob a pulled layer came from
     */
    record Expected(VersionRecordingJournal.Origin by, String version, ImageRef parent, String linkId,
                    long virtualSize, String note, Instant created, Optional<String> sourceSha256,
                    Optional<PublishedBlob> published) {
        Expected withSourceSha256(String hex) {
            return new Expected(by, version, parent, linkId, virtualSize, note, created, Optional.of(hex), published);
        }
    }

    /**
     * @param relocated whether its parent locators were rewritten; false when they named the local parent already and
     *                  the file was left byte for byte as it came
     */
    record Recorded(TreeImage version, boolean relocated) {
    }

    private final OperationContext context;
    private final TransferProgress progress;

    /** @param progress told how far the SHA-256 of a relocated file got: it reads the whole layer again */
    VersionRecording(OperationContext context, TransferProgress progress) {
        this.context = context;
        this.progress = progress;
    }

    /**
     * Journals the recording before its temporary file is made, for a caller that makes it under the layout's lock
     * ({@code image add}): a crash while it is written then rolls back, removing it.
     */
    void journalStaging(Layout layout, Expected expected) throws IOException {
        journal(layout, expected).write(layout.folder(), context.steps());
    }

    /** Records the layer waiting at the version's temporary name. */
    Recorded record(Layout layout, Expected expected) throws IOException, OperationException {
        ImageRef ref = VersionRecords.ref(expected.version());
        VersionFiles files = VersionFiles.of(layout, ref);
        if (layout.tree().findByName(ImageRef.Kind.VERSION, expected.version()).isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "the layout records a version "
                    + expected.version() + " already (names compare without case)");
        }
        if (Files.exists(files.image())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, files.image().getFileName() + " is in"
                    + " the way: the layout does not record it as a version; move it elsewhere first");
        }
        TreeImage parent = layout.tree().find(expected.parent()).orElseThrow(() -> new OperationException(
                OperationException.Kind.PRECONDITION, "version " + expected.parent().name() + ", which "
                + expected.version() + " stands on, is no longer recorded in the layout"));
        Path parentFile = layout.pathOf(parent.ref());
        check(layout, files.staged(), expected, parentFile);
        VersionRecordingJournal journal = journal(layout, expected);
        journal.write(layout.folder(), context.steps());
        boolean relocated = context.disks().relink(files.staged(), parentFile, context.childSpec(layout));
        if (linkIdStandingOn(files.staged(), parentFile).filter(expected.linkId()::equals).isEmpty()) {
            throw new ParentLinkException("the layer of version " + expected.version() + " does not open as a layer"
                    + " on " + parentFile.getFileName() + " once relocated");
        }
        context.steps().move(files.staged(), files.image(), false);
        // Left as it came (a fleet whose machines name their folders alike): its SHA-256 is the one just checked.
        TreeImage recorded = rollForward(layout, journal, relocated ? Optional.empty() : expected.sourceSha256());
        OperationJournal.clear(layout.folder(), context.steps());
        return new Recorded(recorded, relocated);
    }

    private VersionRecordingJournal journal(Layout layout, Expected expected) {
        VersionFiles files = VersionFiles.of(layout, VersionRecords.ref(expected.version()));
        return new VersionRecordingJournal(expected.by(), expected.version(), expected.parent(),
                Optional.of(expected.linkId()), expected.sourceSha256(), expected.published(), expected.note(),
                expected.created(), files.staged().getFileName().toString(), files.image().getFileName().toString(),
                context.clock().instant());
    }

    /** Before the rename nothing is recorded: the temporary file goes. After it: verified again, then recorded. */
    JournalRecovery.Outcome recover(Layout layout, VersionRecordingJournal journal)
            throws IOException, OperationException {
        VersionFiles files = VersionFiles.of(layout, journal.ref());
        if (layout.tree().find(journal.ref()).isPresent()) {
            return new JournalRecovery.Outcome(journal.by().complete(journal.version()), true);
        }
        if (!Files.exists(files.image())) {
            context.steps().delete(files.staged());
            return new JournalRecovery.Outcome(journal.by().rolledBack(journal.version()), false);
        }
        rollForward(layout, journal, Optional.empty());
        return new JournalRecovery.Outcome(journal.by().finished(journal.version()), true);
    }

    /** An add an earlier vhdboot journalled as {@code image-add}: recovered the same way; the journal goes. */
    String recoverImageAdd(Layout layout, ImageJournal journal) throws IOException, OperationException {
        String outcome = recover(layout, VersionRecordingJournal.fromImageAdd(journal, layout,
                context.clock().instant())).message();
        OperationJournal.clear(layout.folder(), context.steps());
        return outcome;
    }

    /** A failure the process survives is finished or rolled back at once, as the next command would. */
    void undoAtOnce(Layout layout, Exception failure) {
        try {
            if (OperationJournal.read(layout).isPresent()) {
                new JournalRecovery(context).finish(LayoutFile.load(layout.iniPath()));
            }
        } catch (IOException | OperationException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The version's file exists: it must stand on its parent here, with the journal's link id; then it is marked
     * read-only and recorded. Idempotent, so recovery runs it again from wherever it stopped.
     *
     * @param knownSha256 the file's SHA-256 when the caller knows it; computed otherwise
     */
    private TreeImage rollForward(Layout layout, VersionRecordingJournal journal, Optional<String> knownSha256)
            throws IOException, OperationException {
        Optional<TreeImage> recorded = layout.tree().find(journal.ref());
        if (recorded.isPresent()) {
            return recorded.get();
        }
        Path image = layout.folder().resolve(journal.image());
        Optional<String> linkId = linkIdStandingOn(image, layout.pathOf(journal.parent()));
        if (linkId.isEmpty() || journal.linkId().filter(id -> !id.equals(linkId.get())).isPresent()) {
            throw new LayoutException(journal.image() + " is not the layer being recorded as version "
                    + journal.version() + " on " + journal.parent().name() + "; vhdboot did not leave it so: check"
                    + " the folder and remove " + OperationJournal.FILE_NAME);
        }
        ReadOnlyMark.mark(image);
        String sha256 = knownSha256.isPresent() ? knownSha256.get()
                : FileDigest.sha256(image, progress, "record " + journal.version());
        TreeImage version = new TreeImage(journal.ref(), journal.image(), Optional.of(journal.parent()),
                journal.created(), linkId.get(), journal.note().isBlank() ? null : journal.note(), sha256,
                journal.sourceSha256().orElse(null), journal.published().orElse(null));
        layout.tree().put(version);
        LayoutFile.save(layout, context.steps());
        return version;
    }

    /** The link id of {@code file} when it is a layer on {@code parent} (locator and identity); empty otherwise. */
    private Optional<String> linkIdStandingOn(Path file, Path parent) throws IOException {
        if (!new FreshChild(context).standsOn(file, parent)) {
            return Optional.empty();
        }
        try (Layer layer = context.disks().openLayer(file)) {
            return layer.linkId().map(Object::toString);
        }
    }

    /** {@code vhd check}, then what the layer must be to stand on {@code parentFile} as the version expected. */
    private void check(Layout layout, Path staged, Expected expected, Path parentFile) throws IOException {
        String name = "the layer of version " + expected.version();
        String says = " as " + expected.by().source() + " says";
        try (Layer layer = context.disks().openLayer(staged)) {
            List<String> problems = layer.check();
            if (!problems.isEmpty()) {
                throw new InvalidImageException(name + " fails `vhd check`: " + problems.get(0));
            }
            if (layer.format() != layout.format() || layer.type() != DiskType.DIFFERENCING
                    || layer.virtualSize() != expected.virtualSize()) {
                throw new InvalidImageException(name + " is not a differencing ." + layout.format().extension()
                        + " image of " + expected.virtualSize() + " bytes" + says);
            }
            String linkId = layer.linkId().map(Object::toString).orElse("");
            if (!linkId.equals(expected.linkId())) {
                throw new InvalidImageException(name + " has link id " + linkId + ", not " + expected.linkId() + says);
            }
            try (Layer parent = context.disks().openLayer(parentFile)) {
                layer.parentLink().orElseThrow(() -> new ParentLinkException(name + " has no parent link"))
                        .verify(parent);
            }
        }
    }
}
