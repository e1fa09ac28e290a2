package org.vhdboot.oci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where vhdboot artifacts are pushed and pulled: a registry repository ({@link RegistryStore}) or a folder in
 * OCI image layout ({@link LayoutFolderStore}). Everything read is verified against its digest before it is
 * returned or left in place. A pull resolves its tag once and then uses the digest, so a tag moved meanwhile
 * cannot mix two artifacts.
 */
public interface ArtifactStore extends AutoCloseable {
    /** Opens the store a reference points at (the tag or digest in it is for {@link #resolve}). */
    static ArtifactStore open(OciReference reference, TransportOptions options) throws IOException {
        if (reference instanceof RegistryReference) {
            return new RegistryStore((RegistryReference) reference, options);
        }
        return LayoutFolderStore.open(((LayoutReference) reference).folder());
    }

    /** Where this store is, for messages (no secrets). */
    String describe();

    /** The manifest a tag (or {@code sha256:} digest) names now, with its digest to pin the rest of a pull to. */
    ResolvedManifest resolve(String tagOrDigest) throws IOException;

    /** The manifest with exactly this digest. */
    default ImageManifest fetchManifest(Digest digest) throws IOException {
        return resolve(digest.toString()).manifest();
    }

    /** The size of the blob when the store has it (-1 when a registry has it but does not say its size). */
    Optional<Long> blobSize(Digest digest) throws IOException;

    /**
     * Fetches {@code blob} into {@code partFile}, resuming from what the file already holds, verifying size and
     * digest while streaming. On success the file holds exactly the blob (flushed); on a mismatch it is deleted
     * and an INTEGRITY failure thrown. Local write failures (disk full) are thrown as they are and leave the
     * part to resume later.
     */
    void fetchBlob(Descriptor blob, Path partFile, TransferListener listener, PartWriter writer) throws IOException;

    default void fetchBlob(Descriptor blob, Path partFile, TransferListener listener) throws IOException {
        fetchBlob(blob, partFile, listener, PartWriter.DIRECT);
    }

    /**
     * Makes {@code blob} present: nothing when it already is, a cross-repository mount from {@code mountFrom}
     * when the registry offers one, otherwise an upload of {@code source}.
     */
    PushResult pushBlob(Descriptor blob, BlobSource source, Optional<RepositoryName> mountFrom, TransferListener listener)
            throws IOException;

    /**
     * Asks for {@code blob} to be mounted from {@code from}, another repository of the same registry, without its
     * bytes: for a push that knows a layer's blob but does not hold it compressed. Whether it is present now; false
     * when the store will not (an image-layout folder shares its blobs between tags already).
     */
    default boolean mountBlob(Descriptor blob, RepositoryName from) throws IOException {
        return false;
    }

    /** Stores the manifest and points {@code tag} at it; returns its digest. */
    Digest putManifest(ImageManifest manifest, Tag tag) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** A manifest and the digest of its exact bytes. */
    record ResolvedManifest(Digest digest, ImageManifest manifest, long size) {
    }

    /** What {@link #pushBlob} had to do. */
    enum PushResult { ALREADY_PRESENT, MOUNTED, UPLOADED }
}
