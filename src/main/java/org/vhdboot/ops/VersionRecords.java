package org.vhdboot.ops;

import org.vhdboot.disk.Layer;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The rules for versions in a layout's tree: a name a new version may take, the depth a chain on it would have, and
 * the record {@code vhdboot.ini} keeps of it (parent, time, note, the id its children link to, the file's SHA-256).
 */
final class VersionRecords {
    private final OperationContext context;

    VersionRecords(OperationContext context) {
        this.context = context;
    }

    static ImageRef ref(String name) {
        return new ImageRef(ImageRef.Kind.VERSION, name);
    }

    /** The recorded version {@code name}, or the refusal that lists where to see them. */
    static TreeImage recorded(Layout layout, String name) throws OperationException {
        ImageName.check(name, "version");
        return layout.tree().find(ref(name)).orElseThrow(() -> new OperationException(
                OperationException.Kind.PRECONDITION, "the layout has no version " + name
                + "; `vhdboot image list` shows its versions"));
    }

    /** A name a new version may take: valid, not taken (nor its file name), its file not in the way. */
    static void checkNew(Layout layout, String name, Optional<Path> allowedInTheWay) throws OperationException,
            IOException {
        ImageName.checkNew(name, "version");
        Optional<String> clash = workingFileClash(layout, name);
        if (clash.isPresent()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, clash.get() + "; pick another version"
                    + " name");
        }
        Optional<TreeImage> taken = layout.tree().findByName(ImageRef.Kind.VERSION, name);
        if (taken.isPresent()) {
            // Worded as a taken snapshot name is.
            throw new OperationException(OperationException.Kind.PRECONDITION, "a version named " + taken.get().name()
                    + " exists already (names are compared without case, and by the file name they give); pick"
                    + " another name");
        }
        Path file = layout.folder().resolve(layout.versionFile(name));
        if (Files.exists(file) && !(allowedInTheWay.isPresent() && Files.isSameFile(file, allowedInTheWay.get()))) {
            throw new OperationException(OperationException.Kind.PRECONDITION, file.getFileName() + " exists but the"
                    + " layout does not record it; move it away or pick another version name");
        }
    }

    /**
     * Why a new version {@code name} cannot be made here, if the file it is made under is a recorded image's: an
     * earlier vhdboot let a version be named {@code y.vhdboot-tmp}, whose file is where version {@code y} is made.
     */
    static Optional<String> workingFileClash(Layout layout, String name) {
        String working = VersionFiles.of(layout, ref(name)).staged().getFileName().toString();
        return layout.tree().all().stream().filter(image -> image.file().equalsIgnoreCase(working)).findFirst()
                .map(owner -> "version " + name + " is made in " + working + ", which is " + owner.ref() + "'s file");
    }

    /**
     * A new version on {@code parent} stands one level deeper, and a slot needs one more level on it: refused
     * beyond {@code max_depth}.
     */
    static void checkDepth(Layout layout, ImageRef parent) throws OperationException {
        int depth = layout.tree().depth(parent) + 2;
        if (depth > layout.maxDepth()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "a Current on a new version on "
                    + parent.name() + " would stand " + depth + " links deep, more than max_depth = " + layout.maxDepth()
                    + " in " + Layout.INI_NAME + "; flatten the chain (`vhdboot image flatten`) for a fresh layout");
        }
    }

    /**
     * The record of the version file {@code name}: its link id and SHA-256 read from the file as it is now,
     * {@code hashing} told how far the SHA-256 got.
     */
    TreeImage record(Layout layout, String name, ImageRef parent, String note, TransferProgress hashing)
            throws IOException {
        Path file = layout.folder().resolve(layout.versionFile(name));
        String linkId;
        try (Layer layer = context.disks().openLayer(file)) {
            linkId = layer.linkId().map(Object::toString).orElse(null);
        }
        return new TreeImage(ref(name), layout.versionFile(name), Optional.of(parent), context.clock().instant(), linkId,
                note == null || note.isBlank() ? null : note, FileDigest.sha256(file, hashing, "record " + name));
    }
}
