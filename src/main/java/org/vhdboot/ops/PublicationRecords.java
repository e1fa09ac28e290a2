package org.vhdboot.ops;

import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Keeps in {@code vhdboot.ini} what a push or a pull learnt of versions the layout has: the blob each was published
 * as ({@link PublishedBlob}, the latest one wins) and, for a version whose record had none, its file's SHA-256. These
 * only spare work (a compression, a hash), so they are recorded when the layout is free and skipped otherwise.
 */
final class PublicationRecords {
    /**
     * What a transfer learnt of one version.
     *
     * @param linkId the link id of the version it learnt it of: another version under the name since is left alone
     * @param sha256 the SHA-256 of its file, computed because its record had none
     */
    record Learnt(ImageRef version, String linkId, Optional<String> sha256, PublishedBlob blob) {
    }

    private final OperationContext context;

    PublicationRecords(OperationContext context) {
        this.context = context;
    }

    /**
     * Puts what was learnt into {@code layout}'s records (not saved): a SHA-256 where the record has none, a blob
     * where it holds the version's file. Returns whether anything changed.
     */
    static boolean apply(Layout layout, List<Learnt> facts) {
        boolean changed = false;
        for (Learnt fact : facts) {
            Optional<TreeImage> found = layout.tree().find(fact.version())
                    .filter(image -> image.linkId() == null || image.linkId().equalsIgnoreCase(fact.linkId()));
            if (found.isEmpty()) {
                continue;
            }
            TreeImage version = found.get();
            if (version.sha256() == null && fact.sha256().isPresent()) {
                version = version.withSha256(fact.sha256().get());
            }
            if (fact.blob().describes(version)) {
                version = version.withPublished(fact.blob());
            }
            if (!version.equals(found.get())) {
                layout.tree().put(version);
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Records what was learnt, under the layout's lock for a moment; skipped while another command holds the layout
     * or an interrupted one waits in the journal (the next transfer learns it again).
     */
    void remember(Layout loaded, List<Learnt> facts) throws IOException {
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "record what versions were published as")) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            if (OperationJournal.read(layout).isEmpty() && apply(layout, facts)) {
                LayoutFile.save(layout, context.steps());
            }
        } catch (OperationException busyOrRefused) {
            context.reporter().info("what the versions were published as is not recorded in " + Layout.INI_NAME
                    + " (" + busyOrRefused.getMessage() + "); the next push compresses them again");
        }
    }
}
