package org.vhdboot.ops;

import java.time.Instant;
import java.util.Optional;

/**
 * One frozen image of the layout's tree as {@code vhdboot.ini} records it. Its file is never written once recorded
 * (the one exception: a snapshot that takes a deleted parent's sectors, which changes nothing it reads).
 *
 * @param parent the image it stands on; empty for the base version, which stands on nothing
 * @param linkId the id its children link to (VHDX DataWriteGuid, VHD unique id), when known
 * @param sha256 of the file, for versions once computed
 */
public record TreeImage(ImageRef ref, String file, Optional<ImageRef> parent, Instant created, String linkId,
                        String note, String sha256) {

    public static TreeImage snapshot(String name, String file, ImageRef parent, Instant created, String linkId,
                                     String note) {
        return new TreeImage(ImageRef.snapshot(name), file, Optional.of(parent), created, linkId, note, null);
    }

    public TreeImage withParent(ImageRef newParent) {
        return new TreeImage(ref, file, Optional.of(newParent), created, linkId, note, sha256);
    }

    public String name() {
        return ref.name();
    }
}
