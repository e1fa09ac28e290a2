package org.vhdboot.layout;

import java.time.Instant;
import java.util.Optional;

/**
 * One frozen image of the layout's tree as {@code vhdboot.ini} records it. Its file is never written once recorded
 * (the one exception: a snapshot that takes a deleted parent's sectors, which changes nothing it reads).
 *
 * @param parent the image it stands on; empty for the base version, which stands on nothing
 * @param linkId the id its children link to (VHDX DataWriteGuid, VHD unique id), when known
 * @param sha256 of the file, for versions once computed
 * @param sourceSha256 for a version pulled from a registry or image-layout folder: the SHA-256 of the layer file as
 *                     it was published, before its parent locators were pointed at this layout's files; a later pull
 *                     recognises the version by it and its link id. For a version added from a layer file
 *                     ({@code image add}), the SHA-256 of that file as it was given.
 * @param published    for a version: the blob it was last pushed as or pulled from, when known
 */
public record TreeImage(ImageRef ref, String file, Optional<ImageRef> parent, Instant created, String linkId,
                        String note, String sha256, String sourceSha256, PublishedBlob published) {

    public TreeImage(ImageRef ref, String file, Optional<ImageRef> parent, Instant created, String linkId, String note,
                     String sha256) {
        this(ref, file, parent, created, linkId, note, sha256, null, null);
    }

    public TreeImage(ImageRef ref, String file, Optional<ImageRef> parent, Instant created, String linkId, String note,
                     String sha256, String sourceSha256) {
        this(ref, file, parent, created, linkId, note, sha256, sourceSha256, null);
    }

    public static TreeImage snapshot(String name, String file, ImageRef parent, Instant created, String linkId,
                                     String note) {
        return new TreeImage(ImageRef.snapshot(name), file, Optional.of(parent), created, linkId, note, null);
    }

    public TreeImage withParent(ImageRef newParent) {
        return new TreeImage(ref, file, Optional.of(newParent), created, linkId, note, sha256, sourceSha256, published);
    }

    public String name() {
        return ref.name();
    }

    /** The same record with the file's SHA-256, once computed. */
    public TreeImage withSha256(String value) {
        return new TreeImage(ref, file, parent, created, linkId, note, value, sourceSha256, published);
    }

    /** The same record with what it was published as. */
    public TreeImage withPublished(PublishedBlob blob) {
        return new TreeImage(ref, file, parent, created, linkId, note, sha256, sourceSha256, blob);
    }

    /** What it was published as, while that still describes it. */
    public Optional<PublishedBlob> publishedBlob() {
        return Optional.ofNullable(published).filter(blob -> blob.describes(this));
    }

    /** Whether this image's file is, or was published as, the file with this SHA-256 (lower-case hex). */
    public boolean hasSha256(String hex) {
        return hex.equals(sha256) || hex.equals(sourceSha256);
    }
}
