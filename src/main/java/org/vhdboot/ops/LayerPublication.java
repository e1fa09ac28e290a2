package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.BlobSource;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.LayerMediaType;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A recorded version as a layer of a published image: its file checked (it opens with a healthy chain, stands on the
 * version below it, has the link id and, once read, the SHA-256 the layout records) and turned into a blob, the file
 * itself or compressed into {@code NAME-v-SLUG.vhdboot-push} beside it, with the annotations a pull needs. When the
 * layout records what the version was published as ({@link PublishedBlob}), that layer is known without reading the
 * file, so a push can ask the target for it before compressing anything.
 */
final class LayerPublication {
    private static final Pattern FILE_HINT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._ -]{0,127}");

    /** The layer, its bytes, and the staging file to delete once it is pushed (empty for an uncompressed one). */
    record Prepared(VersionLayer layer, BlobSource source, Optional<Path> staging) {
        /** Whether the file was compressed to make the blob: only then is there a staging file. */
        boolean compressed() {
            return staging.isPresent();
        }
    }

    /** A version whose file was checked, with what its layer says of it. */
    record Checked(TreeImage version, Path file, UUID linkId, long virtualSize, UUID below) {
    }

    private final OperationContext context;

    LayerPublication(OperationContext context) {
        this.context = context;
    }

    /**
     * @param below the link id of the version this one stands on; null for the base
     */
    Checked check(Layout layout, TreeImage version, UUID below) throws IOException, OperationException {
        Path file = layout.pathOf(version.ref());
        UUID linkId;
        long virtualSize;
        try (Chain chain = context.disks().open(file, false)) {
            Layer top = chain.top();
            linkId = top.linkId().orElseThrow();
            virtualSize = top.virtualSize();
            boolean standsRight = below == null ? top.type() != DiskType.DIFFERENCING
                    : chain.layers().size() > 1 && chain.layers().get(1).linkId().filter(below::equals).isPresent();
            if (!standsRight) {
                throw new ParentLinkException(file.getFileName() + " does not stand on the version " + Layout.INI_NAME
                        + " records under " + version.name() + "; `vhdboot status` shows why");
            }
        }
        if (version.linkId() != null && !version.linkId().equalsIgnoreCase(linkId.toString())) {
            throw changed(version, "its link id is " + linkId + ", the layout recorded " + version.linkId());
        }
        return new Checked(version, file, linkId, virtualSize, below);
    }

    /** The layer as the layout records it published with {@code mediaType}, when it does; nothing is read. */
    Optional<VersionLayer> recorded(Layout layout, Checked checked, LayerMediaType mediaType) throws IOException {
        Optional<PublishedBlob> blob = checked.version().publishedBlob().filter(b -> b.mediaType() == mediaType);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(layer(layout, checked, mediaType, new Blob(checked.file(), blob.get().blob(),
                blob.get().blobSize(), new Digest(blob.get().fileSha256()), blob.get().fileSize())));
    }

    /** The layer made from the file: the file itself, or compressed into the staging file. */
    Prepared prepare(Layout layout, Checked checked, LayerCompression compression)
            throws IOException, OperationException {
        LayerMediaType mediaType = LayerMediaType.of(layout.format().extension(), compression);
        TreeImage version = checked.version();
        Blob blob = compression == LayerCompression.NONE ? plain(version, checked.file())
                : compressed(version, checked.file(), compression, VersionFiles.of(layout, version.ref()).pushBlob());
        return new Prepared(layer(layout, checked, mediaType, blob), BlobSource.of(blob.path()),
                blob.path().equals(checked.file()) ? Optional.empty() : Optional.of(blob.path()));
    }

    private VersionLayer layer(Layout layout, Checked checked, LayerMediaType mediaType, Blob blob) throws IOException {
        TreeImage version = checked.version();
        Instant created = version.created() != null ? version.created()
                : layout.created() != null ? layout.created() : Files.getLastModifiedTime(checked.file()).toInstant();
        String fileName = checked.file().getFileName().toString();
        return new VersionLayer(mediaType, blob.digest(), blob.size(), version.name(), note(version), created,
                checked.virtualSize(), checked.linkId(), checked.below(), blob.uncompressedDigest(),
                blob.uncompressedSize(), FILE_HINT.matcher(fileName).matches() ? fileName : null);
    }

    private record Blob(Path path, Digest digest, long size, Digest uncompressedDigest, long uncompressedSize) {
    }

    /** The file is the blob; a SHA-256 the layout records already spares reading it. */
    private Blob plain(TreeImage version, Path file) throws IOException {
        Digest digest = version.sha256() != null ? Digest.parse("sha256:" + version.sha256())
                : Digest.parse("sha256:" + FileDigest.sha256(file));
        return new Blob(file, digest, Files.size(file), digest, Files.size(file));
    }

    private Blob compressed(TreeImage version, Path file, LayerCompression compression, Path staging)
            throws IOException, OperationException {
        MessageDigest plain = Digest.newSha256();
        MessageDigest packed = Digest.newSha256();
        context.steps().delete(staging);
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = compression.compressing(new DigestOutputStream(Files.newOutputStream(staging,
                     StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), packed))) {
            byte[] buffer = new byte[1 << 20];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                plain.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            context.steps().delete(staging);
            throw e;
        }
        Digest uncompressed = Digest.fromHash(plain.digest());
        if (version.sha256() != null && !version.sha256().equals(uncompressed.hex())) {
            context.steps().delete(staging);
            throw changed(version, "its SHA-256 is " + uncompressed.hex() + ", the layout recorded "
                    + version.sha256());
        }
        return new Blob(staging, Digest.fromHash(packed.digest()), Files.size(staging), uncompressed,
                Files.size(file));
    }

    /**
     * Why a store refused the bytes of an uncompressed version whose digest was taken from the record unread: the
     * file changed since (a refusal naming the version, exit 6), or {@code refusal} itself when it did not.
     */
    IOException refusalOf(Checked checked, OciException refusal) throws OperationException {
        TreeImage version = checked.version();
        if (version.sha256() == null || (refusal.kind() != OciException.Kind.INTEGRITY
                && refusal.kind() != OciException.Kind.PROTOCOL)) {
            return refusal;
        }
        String now;
        try {
            now = FileDigest.sha256(checked.file());
        } catch (IOException e) {
            return refusal;
        }
        if (now.equals(version.sha256())) {
            return refusal;
        }
        throw changed(version, "its SHA-256 is " + now + ", the layout recorded " + version.sha256());
    }

    private static OperationException changed(TreeImage version, String why) {
        return new OperationException(OperationException.Kind.PRECONDITION, "version " + version.name() + " ("
                + version.file() + ") is not the file the layout recorded: " + why + "; a version is never written"
                + " once recorded, so something else changed it");
    }

    private static String note(TreeImage version) {
        return version.note() == null ? "" : VersionLayer.noteOf(version.note());
    }
}
