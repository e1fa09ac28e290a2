package org.vhdboot.ops;

import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.oci.ArtifactStore;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.VersionArtifact;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot image pull REF}: brings the versions of a published image that this layout lacks, and records each
 * as a version, as {@code image add} does. The tag is resolved once; the manifest and every blob are fetched by
 * digest after that, so a tag moved meanwhile cannot mix two images. What the layout has already (same link id and
 * SHA-256) is not downloaded; a layer whose base the layout lacks is refused before any download. Each blob
 * downloads into a part file (resumed by the next run with a range request, verified while it streams), is unpacked
 * and verified again, and only then recorded ({@link VersionRecording}). Pulls on one layout run one at a time
 * ({@value #TRANSFER_LOCK}); recording takes the layout's lock for a moment, so a download never holds up a reset.
 */
public final class ImagePullOperation {
    /** Held by a pull or push for its whole run: a second one on the same layout is BUSY. */
    public static final String TRANSFER_LOCK = "vhdboot.transfer.lock";

    /**
     * @param transfersUntil when given, the pull's talk with the registry ends then, requests, retries and downloads
     *                       alike; a download still running stops, its part file kept for the next run to resume: the
     *                       agent's pull in Recovery gets a night, not for ever, whatever the link or the registry does
     */
    public record Options(String reference, RegistryAccess access, TransferProgress progress,
                          Optional<Instant> transfersUntil) {
        /** A pull with no deadline, as an admin runs it. */
        public Options(String reference, RegistryAccess access, TransferProgress progress) {
            this(reference, access, progress, Optional.empty());
        }
    }

    /**
     * One layer of the image.
     *
     * @param status           {@code pulled}, or {@code present} when the layout had it
     * @param version          the layer's version name in the image
     * @param localVersion     the version it is in this layout (a present one may have another name here)
     * @param bytesTransferred blob bytes that came over the wire in this run (less than the blob after a resume)
     * @param downloadMillis   time from the first request for the blob to the image file verified (a compressed
     *                         blob unpacks while it downloads); 0 for a layer already present
     */
    public record Layer(String version, String status, String localVersion, String file, String digest,
                        String mediaType, long blobSize, long uncompressedSize, long bytesTransferred,
                        long downloadMillis) {
    }

    /** What fetching one layer moved and how long its download took. */
    private record Fetched(long bytes, long downloadMillis) {
    }

    /**
     * @param top       the image's top version here: what {@code image switch} takes next
     * @param pulled    the versions recorded by this run, base first
     * @param recovered what finishing an interrupted operation did first
     */
    public record Result(String reference, String digest, String top, List<Layer> layers, List<String> pulled,
                         long bytesTransferred, Optional<String> recovered, long durationMillis) {
    }

    private final OperationContext context;

    public ImagePullOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        OciReference reference = OciReference.parse(options.reference());
        new Preflight(context.platform(), context.reporter()).checkLayout("image pull", loaded);
        // A journal vhdboot could not have written stops the pull before it takes a lock or changes anything.
        OperationJournal.read(loaded);
        try (LayoutLock transfer = LayoutLock.acquire(loaded.folder(), "image pull " + reference, TRANSFER_LOCK)) {
            Optional<String> recovered = finishInterrupted(loaded);
            try {
                Result result = pull(loaded, reference, options, recovered, started);
                context.log(loaded).record(Event.IMAGE_PULLED, Duration.ofMillis(result.durationMillis()), "pulled "
                        + reference + " (" + result.digest() + "): " + (result.pulled().isEmpty() ? "nothing new"
                        : "versions " + String.join(", ", result.pulled())) + ", " + result.bytesTransferred()
                        + " bytes transferred; top version " + result.top());
                return result;
            } catch (IOException | OperationException | RuntimeException e) {
                context.log(loaded).record(Event.IMAGE_TRANSFER_FAILED, Duration.between(started,
                        context.clock().instant()), "image pull " + reference + ": " + e.getMessage());
                throw e;
            }
        }
    }

    private Optional<String> finishInterrupted(Layout loaded) throws IOException, OperationException {
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "image pull")) {
            return new JournalRecovery(context).finish(LayoutFile.load(loaded.iniPath()));
        }
    }

    private Result pull(Layout loaded, OciReference reference, Options options, Optional<String> recovered,
                        Instant started) throws IOException, OperationException {
        Optional<Duration> budget = options.transfersUntil().map(until -> {
            Duration left = Duration.between(context.clock().instant(), until);
            return left.isNegative() ? Duration.ZERO : left;
        });
        try (ArtifactStore store = options.access().open(reference, context.outside(), budget)) {
            ArtifactStore.ResolvedManifest pinned = store.resolve(reference.target());
            VersionArtifact artifact = VersionArtifact.fromManifest(pinned.manifest());
            Layout layout = LayoutFile.load(loaded.iniPath());
            PullPlan plan = PullPlan.of(context, layout, artifact, Optional.of(options.progress()));
            plan.requireFeasible();
            if (!plan.fetches().isEmpty()) {
                LayoutFile.requireRoomToGrow(layout, "image pull");
            }
            checkSpace(layout, plan);
            List<Layer> layers = new ArrayList<>();
            List<String> pulled = new ArrayList<>();
            long transferred = 0;
            for (PullPlan.Step step : plan.steps()) {
                VersionLayer layer = step.layer();
                VersionFiles files = VersionFiles.of(layout, step.version());
                Fetched fetched = new Fetched(0, 0);
                if (step.status() == PullPlan.Status.FETCH) {
                    fetched = fetchAndRecord(store, step, files, plan.learnt(), options);
                    pulled.add(step.version().name());
                    transferred += fetched.bytes();
                } else {
                    // Left by a run stopped after the version was renamed into place, which recovery recorded.
                    for (Path part : files.parts()) {
                        context.steps().delete(part);
                    }
                }
                layers.add(new Layer(layer.name(), step.status() == PullPlan.Status.FETCH ? "pulled" : "present",
                        step.version().name(), files.image().getFileName().toString(), layer.digest().toString(),
                        layer.mediaType().value(), layer.size(), layer.uncompressedSize(), fetched.bytes(),
                        fetched.downloadMillis()));
            }
            if (plan.fetches().isEmpty()) {
                // Recorded with the versions otherwise: what the image says of the versions here, for the next push.
                new PublicationRecords(context).remember(layout, plan.learnt());
            }
            return new Result(reference.toString(), pinned.digest().toString(),
                    plan.steps().get(plan.steps().size() - 1).version().name(), layers, pulled, transferred, recovered,
                    Duration.between(started, context.clock().instant()).toMillis());
        }
    }

    /** Shows the download's progress until {@code until}; then stops it, keeping what arrived for the next run. */
    private TransferListener stoppingAt(Instant until, VersionLayer layer, TransferListener shown) {
        return (done, total) -> {
            if (context.clock().instant().isAfter(until)) {
                throw new OciException(OciException.Kind.UNREACHABLE, "the download of " + layer.name() + " was still"
                        + " running at " + until + ", the end of its time; the " + done + " of " + total + " bytes"
                        + " that arrived are kept, and the next pull resumes from them");
            }
            shown.progress(done, total);
        };
    }

    /** Downloads and unpacks one layer, then records it under the layout's lock. */
    private Fetched fetchAndRecord(ArtifactStore store, PullPlan.Step step, VersionFiles files,
                                   List<PublicationRecords.Learnt> learnt, Options options)
            throws IOException, OperationException {
        VersionLayer layer = step.layer();
        LayerDownload download = new LayerDownload(context);
        Instant started = context.clock().instant();
        TransferListener shown = options.progress().start("pull " + layer.name(), layer.size());
        long bytes;
        try {
            bytes = download.fetch(store, layer, files, options.transfersUntil()
                    .map(until -> stoppingAt(until, layer, shown)).orElse(shown));
        } catch (IOException e) {
            throw RefusedWrite.explained(e, "the pull of " + layer.name() + " into " + files.image().getParent(),
                    "what arrived is kept, and the next pull resumes from it");
        }
        long downloadMillis = Duration.between(started, context.clock().instant()).toMillis();
        try (LayoutLock lock = LayoutLock.acquire(files.image().getParent(), "image pull " + layer.name())) {
            Layout layout = LayoutFile.load(files.image().getParent().resolve(Layout.INI_NAME));
            new JournalRecovery(context).finish(layout);
            PublicationRecords.apply(layout, learnt);
            VersionRecording recording = new VersionRecording(context, options.progress());
            VersionRecording.Expected expected = new VersionRecording.Expected(VersionRecordingJournal.Origin.PULL,
                    step.version().name(), step.parent().orElseThrow(), layer.linkId().toString(),
                    layer.virtualSize(), layer.note(), layer.created(), Optional.of(layer.uncompressedDigest().hex()),
                    Optional.of(PublishedBlob.of(layer)));
            try {
                recording.record(layout, expected);
            } catch (InvalidImageException | ParentLinkException e) {
                // The blob matched its digest but its content is not what the image says: never keep it.
                recording.undoAtOnce(layout, e);
                context.steps().delete(files.staged());
                download.discardPart(layer, files);
                throw e;
            } catch (IOException | OperationException | RuntimeException e) {
                recording.undoAtOnce(layout, e);
                RefusedWrite.rethrowExplained(e, "recording pulled version " + step.version().name(), layout);
                throw e;
            }
        }
        download.discardPart(layer, files);
        return new Fetched(bytes, downloadMillis);
    }

    /**
     * The downloads and the unpacked images must fit beside each other until each is recorded. What an interrupted
     * run downloaded is on the volume already and is resumed, not fetched again: counting it twice would refuse the
     * very resume a full disk asks for.
     */
    private void checkSpace(Layout layout, PullPlan plan) throws IOException, OperationException {
        long needed = 0;
        for (PullPlan.Step step : plan.fetches()) {
            VersionLayer layer = step.layer();
            needed += layer.uncompressedSize();
            if (layer.mediaType().compression() != LayerCompression.NONE) {
                needed += layer.size();
            }
            Path part = VersionFiles.of(layout, step.version()).part(layer.digest(), layer.size());
            if (Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
                needed -= Math.min(Files.size(part), layer.size());
            }
        }
        long free = context.platform().volumeFacts(layout.folder()).freeBytes();
        if (needed > free) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "image pull refused: the versions to"
                    + " pull take " + mib(needed) + " MiB while downloading, and the host volume has " + mib(free)
                    + " MiB free; nothing was downloaded");
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
