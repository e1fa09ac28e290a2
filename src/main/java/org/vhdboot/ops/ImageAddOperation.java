package org.vhdboot.ops;

import org.vhdboot.oci.Digest;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.io.StagedFile;

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
 * rewritten to the local version's file with the link id unchanged, marked read-only and recorded. The source is only
 * read. Journalled: before the copy is complete under the version's name it rolls back, after that forward.
 */
public final class ImageAddOperation {
    private static final Pattern SHA256_LINE = Pattern.compile("(?i)^\\s*([0-9a-f]{64})(\\s.*)?$", Pattern.DOTALL);
    private static final int SIDECAR_LIMIT = 4096;

    public record Options(Path layerFile, Optional<String> version, boolean dryRun) {
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
        ImageName.check(name, "version");
        if (options.dryRun()) {
            LayoutChange.precheck(context, loaded, "image add");
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
            Candidate candidate = check(layout, source, name);
            ImageJournal journal = new ImageJournal(ImageJournal.Operation.ADD, List.of(name),
                    Optional.of(candidate.parent().name()), Optional.empty(), Optional.empty(), false, "", started);
            List<String> steps = new ArrayList<>();
            long copied;
            try {
                journal.write(layout, context.steps());
                copied = copyIn(layout, source, journal, candidate, steps);
                record(layout, journal, "added from " + source.getFileName());
            } catch (IOException | OperationException | RuntimeException e) {
                new ImageJournalRecovery(context).afterFailure(layout, e, "image add " + source.getFileName(), started);
                throw e;
            }
            TreeImage version = layout.tree().get(VersionRecords.ref(name));
            long took = Duration.between(started, context.clock().instant()).toMillis();
            context.log(layout).record(Event.IMAGE_ADDED, Duration.ofMillis(took), "version " + name + " ("
                    + version.file() + ", " + copied + " bytes copied from " + source + ") on " + candidate.parent().name());
            return new Result(name, version.file(), candidate.parent().name(), copied, candidate.virtualSize(),
                    version.sha256(), candidate.sha256Checked(), false, steps, change.recovered(), took);
        }
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
    private record Candidate(ImageRef parent, long virtualSize, boolean sha256Checked) {
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
            virtualSize = layer.virtualSize();
        }
        VersionRecords.checkDepth(layout, parent);
        long free = context.platform().volumeFacts(layout.folder()).freeBytes();
        if (free < Files.size(source)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "add refused: " + source.getFileName()
                    + " takes " + Files.size(source) / (1 << 20) + " MiB, and the host volume has " + free / (1 << 20)
                    + " MiB free");
        }
        return new Candidate(parent, virtualSize, expectedSha256(source).isPresent());
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

    private long copyIn(Layout layout, Path source, ImageJournal journal, Candidate candidate, List<String> steps)
            throws IOException, OperationException {
        Path frozen = layout.folder().resolve(layout.versionFile(journal.versionName()));
        Path staged = StagedFile.temporaryFor(frozen);
        Path parent = layout.pathOf(candidate.parent());
        MessageDigest digest = Digest.newSha256();
        long copied = context.steps().copy(source, staged, digest);
        String actual = HexFormat.of().formatHex(digest.digest());
        Optional<String> expected = expectedSha256(source);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw new InvalidImageException(source.getFileName() + " does not match " + source.getFileName()
                    + ".sha256: its SHA-256 is " + actual + ", the file beside it says " + expected.get());
        }
        steps.add("copied " + copied + " bytes of " + source.getFileName() + " to " + staged.getFileName()
                + (expected.isPresent() ? " (SHA-256 as " + source.getFileName() + ".sha256 says)" : ""));
        context.disks().relink(staged, parent, ChildSpec.forWindowsFolder(context.platform().isWindows()
                ? Optional.empty() : layout.bootFolder()));
        if (!new FreshChild(context).standsOn(staged, parent)) {
            throw new ParentLinkException(source.getFileName() + " does not open as a layer on " + parent.getFileName());
        }
        steps.add("pointed its parent locators at " + parent.getFileName());
        context.steps().move(staged, frozen, false);
        ReadOnlyMark.mark(frozen);
        steps.add("renamed it to " + frozen.getFileName() + " and marked it read-only");
        return copied;
    }

    /** Records the version once its file is complete under its name; then the journal goes. */
    private void record(Layout layout, ImageJournal journal, String note) throws IOException {
        ImageRef ref = VersionRecords.ref(journal.versionName());
        if (layout.tree().find(ref).isEmpty()) {
            layout.tree().put(new VersionRecords(context).record(layout, journal.versionName(),
                    VersionRecords.ref(journal.parent().orElseThrow()), note));
            LayoutFile.save(layout, context.steps());
        }
        ImageJournal.clear(layout.folder(), context.steps());
    }

    /** An interrupted add: forward once the layer is complete under the version's name, else back. */
    String recover(Layout layout, ImageJournal journal) throws IOException, OperationException {
        Path frozen = layout.folder().resolve(layout.versionFile(journal.versionName()));
        Path staged = StagedFile.temporaryFor(frozen);
        if (layout.tree().find(VersionRecords.ref(journal.versionName())).isPresent()) {
            ImageJournal.clear(layout.folder(), context.steps());
            return "cleared the journal of an image add " + journal.versionName() + " that was complete";
        }
        if (!Files.exists(frozen)) {
            if (Files.exists(staged)) {
                context.steps().delete(staged);
            }
            ImageJournal.clear(layout.folder(), context.steps());
            return "rolled back an interrupted image add " + journal.versionName() + ": nothing was added";
        }
        Path parent = layout.pathOf(VersionRecords.ref(journal.parent().orElseThrow()));
        if (!new FreshChild(context).standsOn(frozen, parent)) {
            throw new LayoutException(frozen.getFileName() + " is not a layer on " + parent.getFileName() + ", so an"
                    + " image add did not make it; check the folder and remove " + ImageJournal.FILE_NAME);
        }
        ReadOnlyMark.mark(frozen);
        record(layout, journal, "added");
        return "finished an interrupted image add " + journal.versionName() + ": it is recorded";
    }
}
