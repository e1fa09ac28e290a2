package org.vhdboot.ops;

import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.BlobSource;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.LayerMediaType;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.RegistryReference;
import org.vhdboot.oci.RepositoryName;
import org.vhdboot.oci.Tag;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.VersionArtifact;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code vhdboot image push VERSION REF}: publishes VERSION and every version under it, base first, as one vhdboot
 * image (docs/cli.md, "OCI artifacts"): one blob per version file, compressed with zstd unless asked otherwise, then
 * the manifest under REF's tag. A blob the registry has already is not uploaded again: it is asked first (HEAD), then
 * mounted from {@code --mount-from} where the registry offers that. What a version was published as is recorded in
 * {@code vhdboot.ini} ({@link PublishedBlob}, also by a pull), so the next push asks for that blob before it compresses
 * the file again: pushing a chain again, or on top of what was pushed, compresses only the new layers. The images are
 * only read; each version's file is checked against what the layout records of it before it is published.
 */
public final class ImagePushOperation {
    /** @param mountFrom a repository of the same registry that may hold the blobs already */
    public record Options(String version, String reference, RegistryAccess access, LayerCompression compression,
                          Optional<String> mountFrom, TransferProgress progress) {
    }

    /**
     * @param result     {@code uploaded}, {@code mounted} or {@code already_present}
     * @param compressed whether this push compressed the file; false when the blob was known from {@code vhdboot.ini}
     *                   and the target had it, or the layer is uncompressed
     */
    public record Layer(String version, String file, String digest, String mediaType, long blobSize,
                        long uncompressedSize, String result, long bytesUploaded, boolean compressed) {
    }

    public record Result(String reference, String version, String digest, List<Layer> layers, long bytesUploaded,
                         long durationMillis) {
    }

    private final OperationContext context;

    public ImagePushOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout layout, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        OciReference reference = OciReference.parse(options.reference());
        Tag tag = tagOf(reference);
        Optional<RepositoryName> mountFrom = mountFrom(reference, options.mountFrom());
        List<TreeImage> chain = chainUpTo(layout, options.version());
        // Before anything is uploaded: the publication is recorded in the layout at the end.
        FixedNames.refusePlanted(layout);
        try (LayoutLock transfer = LayoutLock.acquire(layout.folder(), "image push " + reference,
                ImagePullOperation.TRANSFER_LOCK);
             ArtifactStore store = options.access().open(reference, context.outside())) {
            // A killed push leaves its compressed blobs; no other push runs now (the transfer lock), so they go.
            for (TreeImage version : chain) {
                context.steps().delete(VersionFiles.of(layout, version.ref()).pushBlob());
            }
            List<VersionLayer> layers = new ArrayList<>();
            List<Layer> results = new ArrayList<>();
            UUID below = null;
            long uploaded = 0;
            for (TreeImage version : chain) {
                Pushed pushed = push(store, layout, version, below, options, mountFrom, layers);
                uploaded += pushed.result().bytesUploaded();
                results.add(pushed.result());
                layers.add(pushed.layer());
                below = pushed.layer().linkId();
            }
            store.pushBlob(VersionArtifact.EMPTY_CONFIG, BlobSource.of(VersionArtifact.EMPTY_CONTENT), Optional.empty(),
                    TransferListener.NONE);
            // Created when its top version was: the same version pushed again is the same manifest, so a re-push
            // moves no tag and leaves no stray manifest in a layout folder.
            Digest digest = store.putManifest(artifact(layers).toManifest(), tag);
            long took = Duration.between(started, context.clock().instant()).toMillis();
            context.log(layout).record(Event.IMAGE_PUSHED, Duration.ofMillis(took), "pushed version "
                    + options.version() + " and " + (chain.size() - 1) + " under it to " + reference + " (" + digest
                    + "), " + uploaded + " bytes uploaded");
            return new Result(reference.toString(), options.version(), digest.toString(), results, uploaded, took);
        } catch (IOException | OperationException | RuntimeException e) {
            context.log(layout).record(Event.IMAGE_TRANSFER_FAILED, Duration.between(started,
                    context.clock().instant()), "image push " + options.version() + " to " + reference + ": "
                    + e.getMessage());
            throw e;
        }
    }

    private record Pushed(VersionLayer layer, Layer result) {
    }

    /** Created when its top version was: the same version pushed again is the same manifest. */
    private static VersionArtifact artifact(List<VersionLayer> layers) throws OperationException {
        try {
            return new VersionArtifact(layers, layers.get(layers.size() - 1).created());
        } catch (IllegalArgumentException e) {
            // Only records vhdboot.ini holds can bring this about: each version's file is one of its own.
            throw new OperationException(OperationException.Kind.PRECONDITION, "cannot publish this chain: "
                    + e.getMessage() + "; the published_* settings of its versions in " + Layout.INI_NAME
                    + " are wrong: remove them and push again");
        }
    }

    /**
     * Makes one version's blob present in the store: the one recorded if the store has it or can mount it from
     * {@code mountFrom}, else the file's.
     */
    private Pushed push(ArtifactStore store, Layout layout, TreeImage version, UUID below, Options options,
                        Optional<RepositoryName> mountFrom, List<VersionLayer> under)
            throws IOException, OperationException {
        LayerPublication publication = new LayerPublication(context);
        LayerPublication.Checked checked = publication.check(layout, version, below);
        LayerMediaType mediaType = LayerMediaType.of(layout.format().extension(), options.compression());
        Optional<VersionLayer> recorded = publication.recorded(layout, checked, mediaType);
        Optional<VersionLayer> known = recorded.filter(layer -> under.stream().noneMatch(lower -> lower.digest()
                .equals(layer.digest())));
        if (recorded.isPresent() && known.isEmpty()) {
            // A record naming the blob of a version below is wrong (a hand edit): the file is compressed again.
            context.reporter().warn("the record of version " + version.name() + " in " + Layout.INI_NAME + " names"
                    + " the blob of a version under it; " + version.name() + " is compressed again");
        }
        if (known.isPresent()) {
            VersionLayer layer = known.get();
            Optional<ArtifactStore.PushResult> present = withoutBytes(store, layer, mountFrom);
            if (present.isPresent()) {
                options.progress().start("push " + layer.name(), layer.size()).progress(layer.size(), layer.size());
                return new Pushed(layer, result(version, layer, present.get(), false));
            }
        }
        LayerPublication.Prepared prepared = publication.prepare(layout, checked, options.compression());
        VersionLayer layer = prepared.layer();
        // The recorded blob was offered a mount already; the same digest would be refused again.
        Optional<RepositoryName> mountAgain = known.filter(k -> k.digest().equals(layer.digest())).isPresent()
                ? Optional.empty() : mountFrom;
        ArtifactStore.PushResult pushed;
        try {
            pushed = store.pushBlob(layer.toDescriptor(), prepared.source(), mountAgain,
                    options.progress().start("push " + layer.name(), layer.size()));
        } catch (OciException e) {
            // The digest of an uncompressed file comes from the record, unread: a store that saw other bytes may
            // have seen a version changed since.
            throw prepared.compressed() ? e : publication.refusalOf(checked, e);
        } finally {
            if (prepared.staging().isPresent()) {
                context.steps().delete(prepared.staging().get());
            }
        }
        if (prepared.compressed()) {
            // The file was read whole to compress it: its SHA-256 is known now, if the record lacked it.
            new PublicationRecords(context).remember(layout, List.of(new PublicationRecords.Learnt(version.ref(),
                    layer.linkId().toString(), Optional.ofNullable(version.sha256() == null
                    ? layer.uncompressedDigest().hex() : null), PublishedBlob.of(layer))));
        }
        return new Pushed(layer, result(version, layer, pushed, prepared.compressed()));
    }

    /** How the store comes to hold {@code layer}'s blob without its bytes: it has it, or mounts it; else empty. */
    private static Optional<ArtifactStore.PushResult> withoutBytes(ArtifactStore store, VersionLayer layer,
                                                                   Optional<RepositoryName> mountFrom) throws IOException {
        if (has(store, layer)) {
            return Optional.of(ArtifactStore.PushResult.ALREADY_PRESENT);
        }
        if (mountFrom.isPresent() && store.mountBlob(layer.toDescriptor(), mountFrom.get())) {
            return Optional.of(ArtifactStore.PushResult.MOUNTED);
        }
        return Optional.empty();
    }

    /** Whether the store holds the blob {@code layer} names, of its size when the store says one. */
    private static boolean has(ArtifactStore store, VersionLayer layer) throws IOException {
        Optional<Long> size = store.blobSize(layer.digest());
        return size.isPresent() && (size.get() < 0 || size.get() == layer.size());
    }

    private static Layer result(TreeImage version, VersionLayer layer, ArtifactStore.PushResult pushed,
                                boolean compressed) {
        return new Layer(layer.name(), version.file(), layer.digest().toString(), layer.mediaType().value(),
                layer.size(), layer.uncompressedSize(), pushed.name().toLowerCase(Locale.ROOT),
                pushed == ArtifactStore.PushResult.UPLOADED ? layer.size() : 0, compressed);
    }

    private static Tag tagOf(OciReference reference) throws OciException {
        if (reference instanceof RegistryReference registry && registry.tag() == null) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "push needs a tag to publish under ("
                    + "oci://HOST/REPO:TAG), not a digest");
        }
        return Tag.parse(reference.target());
    }

    private static Optional<RepositoryName> mountFrom(OciReference reference, Optional<String> option)
            throws OciException {
        if (option.isEmpty()) {
            return Optional.empty();
        }
        if (!(reference instanceof RegistryReference)) {
            throw new OciException(OciException.Kind.INVALID_REFERENCE, "--mount-from works within a registry;"
                    + " an image-layout folder shares its blobs between tags already");
        }
        return Optional.of(RepositoryName.parse(option.get()));
    }

    /** The recorded version and every version under it, base first. */
    private static List<TreeImage> chainUpTo(Layout layout, String name) throws OperationException {
        TreeImage top = VersionRecords.recorded(layout, name);
        List<TreeImage> chain = new ArrayList<>();
        for (ImageRef ref : layout.tree().lineage(top.ref())) {
            chain.add(layout.tree().get(ref));
        }
        Collections.reverse(chain);
        return chain;
    }
}
