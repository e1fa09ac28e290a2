package org.vhdboot.ops;

import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PublishedBlob;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.VersionArtifact;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What pulling one artifact means for a layout, decided before anything is downloaded. For each layer, base first:
 * the layout has it already (a version with the layer's link id and SHA-256, whatever its name here), or it must be
 * fetched, as the version the layer names, standing on the version found for the layer below. A pull is refused here,
 * before any byte of a layer moves, when the layout lacks the base the layers stand on, when a version here has a
 * layer's identity but not its content, when a name or file is taken, or when the chain would be too deep.
 */
final class PullPlan {
    enum Status { PRESENT, FETCH }

    /**
     * @param version the version it is here, or will be once fetched
     * @param parent  what a fetched layer will stand on; empty for present ones
     */
    record Step(VersionLayer layer, Status status, ImageRef version, Optional<ImageRef> parent) {
    }

    /** Why the layout cannot take the artifact; the kind decides the exit code. */
    record Refusal(Kind kind, String message) {
        enum Kind { PARENT, PRECONDITION, PROTOCOL }

        /** The refusal of a pull, which comes before any download. */
        Exception toException() {
            String said = message + "; nothing was downloaded";
            switch (kind) {
                case PARENT:
                    return new ParentLinkException(said);
                case PROTOCOL:
                    return new OciException(OciException.Kind.PROTOCOL, said);
                default:
                    return new OperationException(OperationException.Kind.PRECONDITION, said);
            }
        }
    }

    private final List<Step> steps;
    private final Optional<Refusal> refusal;
    private final Map<ImageRef, String> hashed;

    private PullPlan(List<Step> steps, Optional<Refusal> refusal, Map<ImageRef, String> hashed) {
        this.steps = List.copyOf(steps);
        this.refusal = refusal;
        this.hashed = Map.copyOf(hashed);
    }

    /**
     * @param hashing how to show the SHA-256 of a version here whose hash was never recorded (a parent made before
     *                vhdboot, say), which the plan then reads; empty for a plan that reads no file (inspect), where
     *                the identity alone matches it
     */
    static PullPlan of(OperationContext context, Layout layout, VersionArtifact artifact,
                       Optional<TransferProgress> hashing) throws IOException {
        return new Planner(context, layout, hashing).plan(artifact);
    }

    List<Step> steps() {
        return steps;
    }

    List<Step> fetches() {
        return steps.stream().filter(step -> step.status() == Status.FETCH).toList();
    }

    Optional<Refusal> refusal() {
        return refusal;
    }

    /** Throws the refusal, if any, as the exception its kind calls for. */
    void requireFeasible() throws IOException, OperationException {
        if (refusal.isPresent()) {
            Exception failure = refusal.get().toException();
            if (failure instanceof OperationException operation) {
                throw operation;
            }
            throw (IOException) failure;
        }
    }

    /**
     * What the image says of the versions the layout has: the blob each was published as, and the SHA-256 computed
     * of those whose records had none.
     */
    List<PublicationRecords.Learnt> learnt() {
        return steps.stream().filter(step -> step.status() == Status.PRESENT).map(step -> new PublicationRecords.Learnt(
                step.version(), step.layer().linkId().toString(), Optional.ofNullable(hashed.get(step.version())),
                PublishedBlob.of(step.layer()))).toList();
    }

    /** Blob bytes the fetched layers download, and the bytes their image files take once unpacked. */
    long bytesToFetch() {
        return fetches().stream().mapToLong(step -> step.layer().size()).sum();
    }

    long bytesToStore() {
        return fetches().stream().mapToLong(step -> step.layer().uncompressedSize()).sum();
    }

    private static final class Planner {
        private final OperationContext context;
        private final Layout layout;
        private final Optional<TransferProgress> hashing;
        private final List<Step> steps = new ArrayList<>();
        private final Map<ImageRef, String> hashed = new HashMap<>();
        /** Versions here whose file could not be read for its identity, with why: they match no layer. */
        private final Map<ImageRef, String> unreadableFiles = new HashMap<>();

        Planner(OperationContext context, Layout layout, Optional<TransferProgress> hashing) {
            this.context = context;
            this.layout = layout;
            this.hashing = hashing;
        }

        PullPlan plan(VersionArtifact artifact) throws IOException {
            Optional<Refusal> refusal = Optional.empty();
            for (VersionLayer layer : artifact.layers()) {
                refusal = place(layer, artifact);
                if (refusal.isPresent()) {
                    break;
                }
            }
            if (refusal.isEmpty()) {
                refusal = depthProblem();
            }
            return new PullPlan(steps, refusal, hashed);
        }

        private Optional<Refusal> place(VersionLayer layer, VersionArtifact artifact) throws IOException {
            if (!layer.mediaType().format().equals(layout.format().extension())) {
                return refuse(Refusal.Kind.PRECONDITION, "the image holds ." + layer.mediaType().format()
                        + " layers and this layout is ." + layout.format().extension());
            }
            Optional<Step> below = steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
            Optional<TreeImage> match = versionWithLinkId(layer.linkId().toString());
            if (match.isPresent()) {
                return present(layer, match.get(), below);
            }
            if (below.isEmpty()) {
                String baseId = linkIdOf(layout.tree().get(ImageRef.BASE_VERSION));
                String image = "the image stands on base " + layer.name() + " (link id " + layer.linkId() + ")";
                if (unreadableFiles.containsKey(ImageRef.BASE_VERSION)) {
                    return refuse(Refusal.Kind.PARENT, image + ", and this layout's base " + layout.parentFile()
                            + " cannot be read to compare: " + unreadableFiles.get(ImageRef.BASE_VERSION));
                }
                return refuse(Refusal.Kind.PARENT, image + ", which this layout does not have: its base is "
                        + layout.parentFile() + " (link id " + baseId + ")");
            }
            Optional<String> badName = ImageName.problemForNew(layer.name());
            if (badName.isPresent()) {
                return refuse(Refusal.Kind.PROTOCOL, "the image names a version '" + layer.name() + "', which cannot"
                        + " be a version name here: " + badName.get());
            }
            ImageRef version = new ImageRef(ImageRef.Kind.VERSION, layer.name());
            Optional<TreeImage> taken = layout.tree().findByName(ImageRef.Kind.VERSION, layer.name());
            boolean takenInImage = steps.stream().anyMatch(step -> ImageName.slug(step.version().name())
                    .equals(ImageName.slug(layer.name())));
            if (taken.isPresent() || takenInImage) {
                String here = taken.map(TreeImage::name).orElse(layer.name());
                return refuse(Refusal.Kind.PRECONDITION, "the image's version " + layer.name() + " is another image"
                        + " than version " + here + " here (names compare without case); `vhdboot image prune`"
                        + " deletes " + here + " once nothing stands on it, or the image can be published under other"
                        + " version names");
            }
            Optional<String> clash = VersionRecords.workingFileClash(layout, layer.name());
            if (clash.isPresent()) {
                return refuse(Refusal.Kind.PRECONDITION, clash.get() + "; the image can be published under another"
                        + " version name");
            }
            VersionFiles files = VersionFiles.of(layout, version);
            if (Files.exists(files.image())) {
                return refuse(Refusal.Kind.PRECONDITION, files.image().getFileName() + " is in the way: the layout"
                        + " does not record it as a version; move it elsewhere first");
            }
            if (layer.virtualSize() != artifact.layers().get(0).virtualSize()) {
                return refuse(Refusal.Kind.PROTOCOL, "the image's version " + layer.name() + " is "
                        + layer.virtualSize() + " bytes, its base " + artifact.layers().get(0).virtualSize());
            }
            steps.add(new Step(layer, Status.FETCH, version, Optional.of(below.get().version())));
            return Optional.empty();
        }

        /** A version here has the layer's identity: it is the layer when its content is too, and it stands alike. */
        private Optional<Refusal> present(VersionLayer layer, TreeImage match, Optional<Step> below) throws IOException {
            if (below.filter(step -> step.status() == Status.FETCH).isPresent()) {
                return refuse(Refusal.Kind.PRECONDITION, "version " + match.name() + " here is the image's "
                        + layer.name() + ", but the layout lacks the version under it; check `vhdboot status`");
            }
            Path file = layout.pathOf(match.ref());
            if (!Files.isRegularFile(file)) {
                // Present by its record, but nothing a switch or a later pull could stand on.
                return unreadable(match, "it is " + (Files.exists(file) ? ParentCheck.ChildLink.NOT_A_FILE.describe()
                        : "missing"));
            }
            if (below.isEmpty()) {
                long here;
                try {
                    here = context.disks().info(file).virtualSize();
                } catch (InvalidImageException e) {
                    return unreadable(match, e.getMessage());
                }
                if (layer.virtualSize() != here) {
                    // Every layer is held to the base's size: a lie here would only show once downloaded.
                    return refuse(Refusal.Kind.PROTOCOL, "the image's base " + layer.name() + " is "
                            + layer.virtualSize() + " bytes, version " + match.name() + " here, which has its identity, "
                            + here + "");
                }
            }
            Optional<ImageRef> expectedParent = below.map(Step::version);
            if (!match.parent().equals(expectedParent)) {
                return refuse(Refusal.Kind.PRECONDITION, "version " + match.name() + " here is the image's "
                        + layer.name() + " but stands on " + match.parent().map(ImageRef::name).orElse("nothing")
                        + ", not on " + expectedParent.map(ImageRef::name).orElse("nothing") + " as in the image");
            }
            String wanted = layer.uncompressedDigest().hex();
            boolean unrecorded = match.sha256() == null && match.sourceSha256() == null;
            if (unrecorded && hashing.isPresent()) {
                String actual = FileDigest.sha256(file, hashing.get(), "check " + match.name());
                hashed.put(match.ref(), actual);
                match = match.withSha256(actual);
            }
            if (!match.hasSha256(wanted) && !(unrecorded && hashing.isEmpty())) {
                return refuse(Refusal.Kind.PRECONDITION, "version " + match.name() + " here has the identity of the"
                        + " image's " + layer.name() + " (link id " + layer.linkId() + ") but not its content: the image"
                        + " says SHA-256 " + wanted + ", " + match.file() + " is "
                        + Optional.ofNullable(match.sha256()).orElse(match.sourceSha256()) + "; refusing to mix them");
            }
            steps.add(new Step(layer, Status.PRESENT, match.ref(), Optional.empty()));
            return Optional.empty();
        }

        /** The layer's match here is no image vhdboot can read (a pipe in its place, a damaged file). */
        private Optional<Refusal> unreadable(TreeImage match, String why) {
            return refuse(Refusal.Kind.PARENT, "version " + match.name() + " here (" + match.file() + ") cannot be read: "
                    + why + "; `vhdboot status` says what to do");
        }

        private Optional<TreeImage> versionWithLinkId(String linkId) throws IOException {
            for (TreeImage image : layout.tree().all()) {
                if (image.ref().kind() == ImageRef.Kind.VERSION && linkId.equals(linkIdOf(image))) {
                    return Optional.of(image);
                }
            }
            return Optional.empty();
        }

        /** The recorded link id, or the file's when the record has none. */
        private String linkIdOf(TreeImage image) throws IOException {
            if (image.linkId() != null) {
                return image.linkId().toLowerCase(Locale.ROOT);
            }
            if (!Files.exists(layout.pathOf(image.ref()))) {
                return "";
            }
            try (Layer layer = context.disks().openLayer(layout.pathOf(image.ref()))) {
                return layer.linkId().map(Object::toString).orElse("");
            } catch (InvalidImageException e) {
                // A pipe or a damaged file under a version's name: inspect still shows the image, a pull is refused.
                unreadableFiles.put(image.ref(), e.getMessage());
                return "";
            }
        }

        /** A Current on the top version needs one link more; refused beyond {@code max_depth}. */
        private Optional<Refusal> depthProblem() {
            if (steps.isEmpty() || steps.get(steps.size() - 1).status() == Status.PRESENT) {
                return Optional.empty();
            }
            int depth = steps.size();
            if (depth > layout.maxDepth()) {
                return refuse(Refusal.Kind.PRECONDITION, "a Current on the image's version "
                        + steps.get(steps.size() - 1).version().name() + " would stand " + depth + " links deep, more"
                        + " than max_depth = " + layout.maxDepth() + " in " + Layout.INI_NAME);
            }
            return Optional.empty();
        }

        private static Optional<Refusal> refuse(Refusal.Kind kind, String message) {
            return Optional.of(new Refusal(kind, message));
        }
    }
}
