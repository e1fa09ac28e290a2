package org.vhdboot.ops;

import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutTreeSections;
import org.vhdboot.oci.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one version in the layout folder, every name derived from the version's checked name (and a checked
 * digest), never read from anywhere: its image ({@code NAME-v-SLUG.EXT}, the parent's file for the base), the image
 * while it is being made ({@code NAME-v-SLUG.vhdboot-tmp.EXT}), a download of one of its layer blobs
 * ({@code NAME-v-SLUG.HEX16.SIZE.vhdboot-part}, HEX16 the blob digest's first 16 hex digits, SIZE the blob's size in
 * bytes) and its compressed blob while a push uploads it ({@code NAME-v-SLUG.vhdboot-push}).
 */
record VersionFiles(Path image, Path staged, Path pushBlob) {
    static final String PART_EXTENSION = ".vhdboot-part";
    static final String PUSH_EXTENSION = ".vhdboot-push";
    private static final int PART_DIGEST_CHARS = 16;
    /** What follows a version's stem in a download's name: {@code .HEX16.SIZE.vhdboot-part}. */
    private static final String PART_SUFFIX = "\\.([0-9a-f]{" + PART_DIGEST_CHARS + "})\\.(0|[1-9][0-9]{0,18})"
            + Pattern.quote(PART_EXTENSION);
    /** The slug of any version name ({@link ImageName}), as it appears in a file name. */
    private static final String SLUG = "([a-z0-9][a-z0-9._-]{0,63})";

    /**
     * A download left in the folder, as its name says: only names {@link #part} could have made.
     *
     * @param slug        the version's name in lower case, as its files carry it
     * @param digestStart the blob digest's first hex digits
     * @param blobSize    the blob's size in bytes
     */
    record PartName(String slug, String digestStart, long blobSize) {
    }

    static VersionFiles of(Layout layout, ImageRef version) {
        Path image = layout.folder().resolve(LayoutTreeSections.derivedFile(version, layout));
        return new VersionFiles(image, StagedFile.temporaryFor(image), image.resolveSibling(stem(image) + PUSH_EXTENSION));
    }

    /** Where the blob {@code digest} of {@code size} bytes of this version downloads to, resumable across runs. */
    Path part(Digest digest, long size) {
        return image.resolveSibling(stem(image) + "." + digest.hex().substring(0, PART_DIGEST_CHARS) + "." + size
                + PART_EXTENSION);
    }

    /** Downloads of this version's earlier blobs (a tag that moved on): exactly the names {@link #part} makes. */
    List<Path> parts() throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(stem(image)) + PART_SUFFIX);
        try (Stream<Path> files = Files.list(image.getParent())) {
            // Only files: a folder or a pipe under such a name is not a download of ours, and stays.
            return files.filter(file -> ours.matcher(file.getFileName().toString()).matches())
                    .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    /**
     * Reads a file name of {@code layout}'s folder as a download of some version's blob. The folder is hostile: only a
     * name {@link #part} makes for a version other than the base qualifies, in the layout's own case.
     */
    static Optional<PartName> partName(Layout layout, String fileName) {
        Matcher name = Pattern.compile(Pattern.quote(layout.name() + "-v-") + SLUG + PART_SUFFIX).matcher(fileName);
        // The base's files are the parent's, never NAME-v-base.
        if (!name.matches() || ImageName.problem(name.group(1)).isPresent()
                || name.group(1).equals(ImageRef.BASE_VERSION.name())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PartName(name.group(1), name.group(2), Long.parseLong(name.group(3))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    private static String stem(Path image) {
        String name = image.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
