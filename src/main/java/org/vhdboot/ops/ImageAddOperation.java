package org.vhdboot.ops;

import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.ImageName;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vhdboot image add LAYER_FILE}: a differencing image made elsewhere (committed on the master machine, or made
 * in Hyper-V against the same base) becomes a version of this layout. Its parent must be one of the layout's versions,
 * found by identity (the id the layer links to), never by name. It is checked ({@code vhd check}; its SHA-256 against
 * {@code LAYER_FILE.sha256} when that is beside it), copied in (only the layer's own bytes move), its parent locators
 * rewritten to the local version's file with the link id unchanged, marked read-only and recorded, as a pulled layer is
 * ({@link VersionRecording}, journalled before the copy begins). The source is only read. Interrupted before the copy
 * is complete under the version's name it rolls back, after that forward.
 */
public final class ImageAddOperation {
    private static final Pattern SHA256_LINE = Pattern.compile("(?i)^\\s*([0-9a-f]{64})(\\s.*)?$", Pattern.DOTALL);
    private static final int SIDECAR_LIMIT = 4096;

    /** @param progress told how far the copy, and the SHA-256 of a relocated layer, got */
    public record Options(Path layerFile, Optional<String> version, boolean dryRun, TransferProgress progress) {
    }

    /**
     * @param bytesCopied the bytes moved into the layout: the layer's file, not the virtual disk
     * @param sha256Checked whether a {@code LAYER_FILE.sha256} beside the source was checked
     */
    public record Result(String version, String file, String parent, long bytesCopied, long virtualSize,
                         String sha256, boolean sha256Checked, boolean dryRun, List<String> plan,
                         Optional<String> recovered, long durationMillis) {
    }

    private final OperationContext context;

    public ImageAddOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        Path source = options.layerFile().toAbsolutePath().normalize();
        String name = options.version().orElseGet(() -> nameFromFile(source));
        ImageName.checkNew(name, "version");
        LayoutFile.requireRoomToGrow(loaded, "image add");
        if (options.dryRun()) {
            LayoutChange.dryRunCheck(context, loaded, "image add");
            Candidate candidate = check(loaded, source, name);
            return new Result(name, loaded.versionFile(name), candidate.parent().name(), Files.size(source),
                    candidate.virtualSize(), null, expectedSha256(source).isPresent(), true,
                    plan(loaded, source, name, candidate), Optional.empty(), 0);
        }
        try (LayoutChange change = LayoutChange.begin(context, loaded, "image add")) {
            Layout layout = change.layout();
            Optional<TreeImage> finished = layout.tree().find(VersionRecords.ref(name));
            if (change.recovered().isPresent() && finished.isPresent()) {
                // The rerun of an add that was interrupted: finishing it was the whole job.
                Path file = layout.pathOf(finished.get().ref());
                return new Result(name, finished.get().file(), finished.get().parent().orElseThrow().name(),
                        Files.size(file), context.disks().info(file).virtualSize(), finished.get().sha256(), false, false, List.of(),
                        change.recovered(), Duration.between(started, context.clock().instant()).toMillis());
            }
            return add(layout, source, name, options.progress(), change.recovered(), started);
        }
    }

    /** Under the layout's lock: the layer checked, copied in and recorded ({@link VersionRecording}). */
    private Result add(Layout layout, Path source, String name, TransferProgress progress, Optional<String> recovered,
                       Instant started)
            throws IOException, OperationException {
        Candidate candidate = check(layout, source, name);
        VersionRecording recording = new VersionRecording(context, progress);
        VersionRecording.Expected expected = new VersionRecording.Expected(VersionRecordingJournal.Origin.ADD, name,
                candidate.parent(), candidate.linkId(), candidate.virtualSize(), "added from " + source.getFileName(),
                context.clock().instant(), Optional.empty(), Optional.empty());
        List<String> steps = new ArrayList<>();
        Copy copy;
        try {
            recording.journalStaging(layout, expected);
            copy = copyIn(layout, source, name, steps, progress);
            recording.record(layout, expected.withSourceSha256(copy.sha256()));
        } catch (IOException | OperationException | RuntimeException e) {
            recording.undoAtOnce(layout, e);
            context.log(layout).record(Event.IMAGE_FAILED, Duration.between(started, context.clock().instant()),
                    "image add " + source.getFileName() + ": " + e.getMessage());
            RefusedWrite.rethrowExplained(e, "image add " + source.getFileName(), layout);
            throw e;
        }
        steps.add("pointed its parent locators at " + layout.tree().get(candidate.parent()).file());
        steps.add("renamed it to " + layout.versionFile(name) + " and marked it read-only");
        TreeImage version = layout.tree().get(VersionRecords.ref(name));
        long took = Duration.between(started, context.clock().instant()).toMillis();
        context.log(layout).record(Event.IMAGE_ADDED, Duration.ofMillis(took), "version " + name + " ("
                + version.file() + ", " + copy.bytes() + " bytes copied from " + source + ") on "
                + candidate.parent().name());
        return new Result(name, version.file(), candidate.parent().name(), copy.bytes(), candidate.virtualSize(),
                version.sha256(), candidate.sha256Checked(), false, steps, recovered, took);
    }

    /** {@code Win11-v-2026-12.vhdx} gives 2026-12, vhdboot's own version files; any other file its name's stem. */
    static String nameFromFile(Path file) {
        String stem = file.getFileName().toString();
        int dot = stem.lastIndexOf('.');
        stem = dot > 0 ? stem.substring(0, dot) : stem;
        int marker = stem.toLowerCase(Locale.ROOT).lastIndexOf("-v-");
        return marker >= 0 && marker + 3 < stem.length() ? stem.substring(marker + 3) : stem;
    }

    /** The layer as checked: the version it stands on, found by identity. */
    private record Candidate(ImageRef parent, String linkId, long virtualSize, boolean sha256Checked) {
    }

    private Candidate check(Layout layout, Path source, String name) throws IOException, OperationException {
        if (!Files.isRegularFile(source)) {
            throw new java.nio.file.NoSuchFileException(source.toString(), null, "no such layer file");
        }
        Path target = layout.folder().resolve(layout.versionFile(name));
        if (Files.exists(target) && Files.isSameFile(target, source)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, source.getFileName() + " is already where"
                    + " version " + name + " goes; move it out of the layout folder and add it from there");
        }
        VersionRecords.checkNew(layout, name, Optional.empty());
        ImageRef parent;
        String linkId;
        long virtualSize;
        try (Layer layer = context.disks().openLayer(source)) {
            if (layer.format() != layout.format() || layer.type() != DiskType.DIFFERENCING) {
                throw new OperationException(OperationException.Kind.PRECONDITION, source.getFileName() + " is a "
                        + layer.type().name().toLowerCase(Locale.ROOT) + " ." + layer.format().extension() + " image;"
                        + " add takes a differencing ." + layout.format().extension() + " layer made on a version of"
                        + " this layout (a whole image makes a layout of its own: `vhdboot init`)");
            }
            List<String> problems = layer.check();
            if (!problems.isEmpty()) {
                throw new InvalidImageException(source.getFileName() + " fails `vhd check`: " + problems.get(0));
            }
            parent = versionLinkedBy(layout, layer.parentLink().orElseThrow(), source);
            linkId = layer.linkId().map(Object::toString).orElseThrow(() -> new InvalidImageException(
                    source.getFileName() + " has no link id for its children"));
            virtualSize = layer.virtualSize();
        }
        String identity = linkId;
        Optional<TreeImage> same = layout.tree().all().stream().filter(i -> identity.equalsIgnoreCase(i.linkId()))
                .findFirst();
        if (same.isPresent()) {
            // Its children would link to either: the tree, a pull's matching by identity and a prune could not tell.
            throw new OperationException(OperationException.Kind.PRECONDITION, source.getFileName() + " is "
                    + same.get().ref().kind().name().toLowerCase(Locale.ROOT) + " " + same.get().name() + " already ("
                    + same.get().file() + ", the same link id " + identity + "); a layer is recorded once");
        }
        VersionRecords.checkDepth(layout, parent);
        long free = context.platform().volumeFacts(layout.folder()).freeBytes();
        if (free < Files.size(source)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "add refused: " + source.getFileName()
                    + " takes " + Files.size(source) / (1 << 20) + " MiB, and the host volume has " + free / (1 << 20)
                    + " MiB free");
        }
        return new Candidate(parent, linkId, virtualSize, expectedSha256(source).isPresent());
    }

    /** The version whose identity the layer's parent link names; its file name and paths do not matter. */
    private ImageRef versionLinkedBy(Layout layout, ParentLink link, Path source) throws IOException {
        for (TreeImage image : layout.tree().all()) {
            if (image.ref().kind() != ImageRef.Kind.VERSION) {
                continue;
            }
            try (Layer version = context.disks().openLayer(layout.pathOf(image.ref()))) {
                link.verify(version);
                return image.ref();
            } catch (ParentLinkException | InvalidImageException | java.nio.file.NoSuchFileException notThisOne) {
                // Another version, or one that cannot be read: not the layer's parent.
            }
        }
        throw new ParentLinkException(source.getFileName() + " stands on none of this layout's versions (it links to "
                + String.join(", ", link.fields().entrySet().stream().filter(e -> e.getKey().contains("linkage")
                || e.getKey().contains("unique_id")).map(e -> e.getKey() + " " + e.getValue()).toList())
                + "); add the versions below it first, in order");
    }

    /** The hash in {@code LAYER_FILE.sha256}, as {@code sha256sum} writes it; hostile input, read bounded. */
    private static Optional<String> expectedSha256(Path source) throws IOException, OperationException {
        Path sidecar = source.resolveSibling(source.getFileName() + ".sha256");
        if (!Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(sidecar)) {
            bytes = in.readNBytes(SIDECAR_LIMIT);
        }
        Matcher line = SHA256_LINE.matcher(new String(bytes, StandardCharsets.US_ASCII));
        if (!line.matches()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, sidecar.getFileName() + " does not start"
                    + " with a SHA-256 (64 hex digits), as `sha256sum` writes it; fix or remove it");
        }
        return Optional.of(line.group(1).toLowerCase(Locale.ROOT));
    }

    private static List<String> plan(Layout layout, Path source, String name, Candidate candidate) {
        String frozen = layout.versionFile(name);
        String staged = StagedFile.temporaryFor(layout.folder().resolve(frozen)).getFileName().toString();
        List<String> plan = new ArrayList<>();
        plan.add("write " + ImageJournal.FILE_NAME + " (image add " + name + " in progress)");
        plan.add("copy " + source + " to " + staged + (candidate.sha256Checked() ? ", checking it against "
                + source.getFileName() + ".sha256" : ""));
        plan.add("point its parent locators at " + layout.tree().get(candidate.parent()).file()
                + " (the link id stays)");
        plan.add("rename it to " + frozen + ", mark it read-only and record version " + name + " on "
                + candidate.parent().name() + " in " + Layout.INI_NAME);
        plan.add("remove " + ImageJournal.FILE_NAME);
        return plan;
    }

    private record Copy(long bytes, String sha256) {
    }

    /** Copies the layer to the version's temporary name, checked against its {@code .sha256} when one is beside it. */
    private Copy copyIn(Layout layout, Path source, String name, List<String> steps, TransferProgress progress)
            throws IOException, OperationException {
        Path staged = VersionFiles.of(layout, VersionRecords.ref(name)).staged();
        MessageDigest digest = Digest.newSha256();
        long copied = context.steps().copy(source, staged, digest, progress.start("add " + name + " (copy of "
                + source.getFileName() + ")", Files.size(source)));
        String actual = HexFormat.of().formatHex(digest.digest());
        Optional<String> expected = expectedSha256(source);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw new InvalidImageException(source.getFileName() + " does not match " + source.getFileName()
                    + ".sha256: its SHA-256 is " + actual + ", the file beside it says " + expected.get());
        }
        steps.add("copied " + copied + " bytes of " + source.getFileName() + " to " + staged.getFileName()
                + (expected.isPresent() ? " (SHA-256 as " + source.getFileName() + ".sha256 says)" : ""));
        return new Copy(copied, actual);
    }
}
