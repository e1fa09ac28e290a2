package org.vhdboot.ops;

import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.PartWriter;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Brings one layer blob into the layout folder and unpacks it to the version's temporary name, verified twice: the
 * blob against its digest while it streams (into a part file that a rerun resumes with a range request), then the
 * image file against the SHA-256 and size the layer's annotations give. A compressed blob is unpacked while it
 * downloads ({@link StreamingUnpack}). Nothing it writes is a version yet; {@link VersionRecording} decides that.
 */
final class LayerDownload {
    private final OperationContext context;

    LayerDownload(OperationContext context) {
        this.context = context;
    }

    /**
     * Downloads {@code layer}'s blob (resuming a part left by an earlier run) and unpacks it to {@code files.staged()}.
     *
     * @return the blob bytes that came over the wire in this run
     */
    long fetch(ArtifactStore store, VersionLayer layer, VersionFiles files, TransferListener listener)
            throws IOException {
        Path part = files.part(layer.digest(), layer.size());
        for (Path stale : files.parts()) {
            if (!stale.equals(part)) {
                context.steps().delete(stale);
            }
        }
        long had = Files.exists(part) ? Math.min(Files.size(part), layer.size()) : 0;
        PartWriter writer = context.outside().get(PartWriter.class);
        if (layer.mediaType().compression() == LayerCompression.NONE) {
            fetchBlob(store, layer, part, listener, writer);
            // The blob is the image file: its digest, just verified, is the file's SHA-256.
            context.steps().move(part, files.staged(), true);
            return layer.size() - had;
        }
        context.steps().delete(files.staged());
        StreamingUnpack.Outcome unpacked;
        // Closing it stops the unpacking when the download failed, and removes what it made unless it is whole.
        try (StreamingUnpack unpack = StreamingUnpack.start(layer, part, files.staged(),
                context.outside().get(IoStepHook.class))) {
            fetchBlob(store, layer, part, (done, total) -> {
                listener.progress(done, total);
                unpack.progress(done, total);
            }, writer);
            unpacked = unpack.finish();
        }
        if (unpacked.restarted()) {
            // The download started over under the unpacking: unpack again, from the complete part.
            try (StreamingUnpack again = StreamingUnpack.start(layer, part, files.staged(),
                    context.outside().get(IoStepHook.class))) {
                unpacked = again.finish();
            }
        }
        check(layer, unpacked, part, files.staged());
        return layer.size() - had;
    }

    /** A blob that is not what its digest says is named by its version too: the digest alone tells an admin little. */
    private static void fetchBlob(ArtifactStore store, VersionLayer layer, Path part, TransferListener listener,
                                  PartWriter writer) throws IOException {
        try {
            store.fetchBlob(layer.toDescriptor(), part, listener, writer);
        } catch (OciException e) {
            if (e.kind() != OciException.Kind.INTEGRITY) {
                throw e;
            }
            throw new OciException(OciException.Kind.INTEGRITY, "version " + layer.name() + ": " + e.getMessage(), e);
        }
    }

    /** What the streaming unpack made must be what the layer says; its failure decides what is kept. */
    private void check(VersionLayer layer, StreamingUnpack.Outcome unpacked, Path part, Path staged)
            throws IOException {
        IOException failure = unpacked.failure();
        if (failure instanceof OciException oci && oci.kind() == OciException.Kind.INTEGRITY) {
            throw mismatch(layer, failure.getMessage(), part, staged);
        }
        if (failure != null) {
            // A full disk, say: the half-unpacked file went with the unpacking; the download stays to unpack again.
            throw failure;
        }
        if (unpacked.size() != layer.uncompressedSize() || !unpacked.sha256().equals(layer.uncompressedDigest())) {
            throw mismatch(layer, "unpacks to " + unpacked.size() + " bytes with SHA-256 " + unpacked.sha256().hex()
                    + ", not the " + layer.uncompressedSize() + " bytes with " + layer.uncompressedDigest().hex()
                    + " it says", part, staged);
        }
    }

    /** The downloaded part is no longer needed once its version is recorded. */
    void discardPart(VersionLayer layer, VersionFiles files) throws IOException {
        context.steps().delete(files.part(layer.digest(), layer.size()));
    }

    private OciException mismatch(VersionLayer layer, String what, Path part, Path staged) throws IOException {
        context.steps().delete(staged);
        context.steps().delete(part);
        return new OciException(OciException.Kind.INTEGRITY, "the blob " + layer.digest() + " of version "
                + layer.name() + " " + what + "; it was deleted");
    }
}
