package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.ReadOnlyMark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Makes a layer file made elsewhere a version of this layout, as {@code image add} records one: the one step
 * {@code image pull} ends with. The file waits under the version's temporary name; it is checked ({@code vhd check},
 * a differencing image of this layout's format and size, the link id it was published with, and a parent link whose
 * identity is the local parent version's), then relocated (its parent locators pointed at the local parent's file,
 * its link id unchanged), renamed to the version's file, marked read-only and recorded in {@code vhdboot.ini} with its
 * SHA-256 and the SHA-256 it was published with. Journalled ({@link VersionImportJournal}): killed before the rename it
 * rolls back, after it forward. The caller holds the layout's lock and has finished any interrupted operation.
 */
final class VersionImport {
    /**
     * What the layer must be, as the artifact describes it.
     *
     * @param parent       the recorded version it stands on here
     * @param sourceSha256 the SHA-256 of the layer file as published (hex), already checked against the file
     */
    record Expected(String version, ImageRef parent, String linkId, long virtualSize, String note, Instant created,
                    String sourceSha256) {
    }

    private final OperationContext context;

    VersionImport(OperationContext context) {
        this.context = context;
    }

    /** Records the layer waiting at the version's temporary name; returns its record. */
    TreeImage admit(Layout layout, Expected expected) throws IOException, OperationException {
        ImageRef ref = new ImageRef(ImageRef.Kind.VERSION, expected.version());
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
        VersionImportJournal journal = new VersionImportJournal(expected.version(), parent.ref(), expected.linkId(),
                expected.sourceSha256(), expected.note(), expected.created(),
                files.staged().getFileName().toString(), files.image().getFileName().toString(),
                context.clock().instant());
        journal.write(layout.folder(), context.steps());
        boolean relocated = context.disks().relink(files.staged(), parentFile, context.childSpec(layout));
        context.steps().move(files.staged(), files.image(), false);
        // Left as published (a fleet whose machines name their folders alike): its SHA-256 is the one just checked.
        TreeImage recorded = rollForward(layout, journal, relocated ? Optional.empty()
                : Optional.of(expected.sourceSha256()));
        OperationJournal.clear(layout.folder(), context.steps());
        return recorded;
    }

    /** Before the rename nothing is recorded: the temporary file goes. After it: verified again, then recorded. */
    JournalRecovery.Outcome recover(Layout layout, VersionImportJournal journal) throws IOException, OperationException {
        VersionFiles files = VersionFiles.of(layout, journal.ref());
        if (!Files.exists(files.image())) {
            context.steps().delete(files.staged());
            return new JournalRecovery.Outcome("rolled back recording pulled version " + journal.version()
                    + ": nothing was recorded; pull it again", false);
        }
        rollForward(layout, journal, Optional.empty());
        return new JournalRecovery.Outcome("finished recording pulled version " + journal.version(), true);
    }

    /**
     * The version's file exists: it must stand on its parent here with the journal's link id; then it is marked
     * read-only and recorded. Idempotent, so recovery runs it again from wherever it stopped.
     *
     * @param knownSha256 the file's SHA-256 when the caller knows it; computed otherwise
     */
    private TreeImage rollForward(Layout layout, VersionImportJournal journal, Optional<String> knownSha256)
            throws IOException, OperationException {
        Path image = layout.folder().resolve(journal.image());
        Path parent = layout.pathOf(journal.parent());
        Optional<TreeImage> recorded = layout.tree().find(journal.ref());
        if (recorded.isPresent()) {
            return recorded.get();
        }
        try (Chain chain = context.disks().open(image, false)) {
            String linkId = chain.top().linkId().map(Object::toString).orElse("");
            if (!linkId.equals(journal.linkId()) || chain.layers().size() < 2
                    || !Files.isSameFile(chain.layers().get(1).path(), parent)) {
                throw new LayoutException(journal.image() + " is not the layer being recorded as version "
                        + journal.version() + " on " + journal.parent().name() + "; vhdboot did not leave it so: check"
                        + " the folder and remove " + OperationJournal.FILE_NAME);
            }
        }
        ReadOnlyMark.mark(image);
        TreeImage version = new TreeImage(journal.ref(), journal.image(), Optional.of(journal.parent()),
                journal.created(), journal.linkId(), journal.note().isBlank() ? null : journal.note(),
                knownSha256.isPresent() ? knownSha256.get() : FileDigest.sha256(image), journal.sourceSha256());
        layout.tree().put(version);
        LayoutFile.save(layout, context.steps());
        return version;
    }

    /** {@code vhd check}, then what the layer must be to stand on {@code parentFile} as the version expected. */
    private void check(Layout layout, Path staged, Expected expected, Path parentFile) throws IOException {
        String name = "the layer of version " + expected.version();
        try (Layer layer = context.disks().openLayer(staged)) {
            List<String> problems = layer.check();
            if (!problems.isEmpty()) {
                throw new InvalidImageException(name + " fails `vhd check`: " + problems.get(0));
            }
            if (layer.format() != layout.format() || layer.type() != DiskType.DIFFERENCING
                    || layer.virtualSize() != expected.virtualSize()) {
                throw new InvalidImageException(name + " is not a differencing ." + layout.format().extension()
                        + " image of " + expected.virtualSize() + " bytes, as the image says");
            }
            String linkId = layer.linkId().map(Object::toString).orElse("");
            if (!linkId.equals(expected.linkId())) {
                throw new InvalidImageException(name + " has link id " + linkId + ", not " + expected.linkId()
                        + " as the image says");
            }
            try (Layer parent = context.disks().openLayer(parentFile)) {
                layer.parentLink().orElseThrow(() -> new ParentLinkException(name + " has no parent link"))
                        .verify(parent);
            }
        }
    }
}
