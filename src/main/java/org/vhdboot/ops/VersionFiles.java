package org.vhdboot.ops;

import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.oci.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one version in the layout folder, every name derived from the version's checked name (and a checked
 * digest), never read from anywhere: its image ({@code NAME-v-SLUG.EXT}, the parent's file for the base), the image
 * while it is being made ({@code NAME-v-SLUG.vhdboot-tmp.EXT}), a download of one of its layer blobs
 * ({@code NAME-v-SLUG.HEX16.vhdboot-part}, HEX16 the blob digest's first 16 hex digits) and its compressed blob while
 * a push uploads it ({@code NAME-v-SLUG.vhdboot-push}).
 */
record VersionFiles(Path image, Path staged, Path pushBlob) {
    static final String PART_EXTENSION = ".vhdboot-part";
    static final String PUSH_EXTENSION = ".vhdboot-push";
    private static final int PART_DIGEST_CHARS = 16;

    static VersionFiles of(Layout layout, ImageRef version) {
        Path image = layout.folder().resolve(LayoutTreeSections.derivedFile(version, layout));
        return new VersionFiles(image, StagedFile.temporaryFor(image), image.resolveSibling(stem(image) + PUSH_EXTENSION));
    }

    /** Where the blob {@code digest} of this version downloads to, resumable across runs. */
    Path part(Digest digest) {
        return image.resolveSibling(stem(image) + "." + digest.hex().substring(0, PART_DIGEST_CHARS) + PART_EXTENSION);
    }

    /** Downloads of this version's earlier blobs (a tag that moved on): exactly the names {@link #part} makes. */
    List<Path> parts() throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(stem(image)) + "\\.[0-9a-f]{" + PART_DIGEST_CHARS + "}"
                + Pattern.quote(PART_EXTENSION));
        try (Stream<Path> files = Files.list(image.getParent())) {
            return files.filter(file -> ours.matcher(file.getFileName().toString()).matches()).toList();
        }
    }

    private static String stem(Path image) {
        String name = image.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
