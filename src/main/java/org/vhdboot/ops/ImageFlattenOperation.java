package org.vhdboot.ops;

import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.ProgressListener;
import org.vhdboot.disk.UnsupportedFormatException;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code vhdboot image flatten VERSION --to FILE}: one standalone image with VERSION's content, for a fresh site or
 * when the chain grows deep ({@code vhd convert} of the version's chain). FILE appears only when complete; the
 * versions are only read.
 */
public final class ImageFlattenOperation {
    public record Options(String version, Path target, ProgressListener progress, boolean dryRun) {
    }

    /** @param depth the links flattened: the version's depth in the tree */
    /** @param plan in a dry run, what a flatten would write; empty otherwise */
    public record Result(String version, Path file, int depth, long fileSize, boolean dryRun, List<String> plan,
                         Optional<String> recovered, long durationMillis) {
    }

    private final OperationContext context;

    public ImageFlattenOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded, Options options) throws IOException, OperationException {
        Instant started = context.clock().instant();
        Path target = options.target().toAbsolutePath().normalize();
        check(loaded, options.version(), target);
        if (options.dryRun()) {
            LayoutChange.dryRunCheck(context, loaded, "image flatten");
            int depth = loaded.tree().depth(VersionRecords.ref(options.version()));
            return new Result(options.version(), target, depth, 0, true, List.of("write version " + options.version()
                    + " (" + depth + (depth == 1 ? " link" : " links") + ") as one image to " + target),
                    Optional.empty(), 0);
        }
        try (LayoutChange change = LayoutChange.begin(context, loaded, "image flatten")) {
            Layout layout = change.layout();
            ImageRef version = VersionRecords.recorded(layout, options.version()).ref();
            check(layout, options.version(), target);
            context.disks().flatten(layout.pathOf(version), target, options.progress());
            long took = Duration.between(started, context.clock().instant()).toMillis();
            context.log(layout).record(Event.IMAGE_FLATTENED, Duration.ofMillis(took), "version " + version.name()
                    + " written as one standalone image to " + target);
            return new Result(version.name(), target, layout.tree().depth(version), Files.size(target), false,
                    List.of(), change.recovered(), took);
        }
    }

    private static void check(Layout layout, String version, Path target) throws OperationException, IOException {
        VersionRecords.recorded(layout, version);
        DiskFormat format;
        try {
            format = DiskFormat.fromPath(target);
        } catch (UnsupportedFormatException e) {
            throw new OperationException(OperationException.Kind.USAGE, "--to " + target.getFileName() + ": "
                    + e.getMessage());
        }
        if (format == DiskFormat.RAW) {
            throw new OperationException(OperationException.Kind.USAGE, "--to names a raw file; a parent is a .vhdx"
                    + " (or .vhd) image");
        }
        if (Files.exists(target)) {
            throw new OperationException(OperationException.Kind.PRECONDITION, target + " exists; flatten writes a new"
                    + " file: remove it or pick another name");
        }
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "the folder of " + target
                    + " does not exist");
        }
    }
}
