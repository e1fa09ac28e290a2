package org.vhdboot.ops;

import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.windows.AttachedDisk;
import org.vhdboot.windows.DiskAttacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code vhdboot mount} and {@code unmount}: attach an image for servicing, through Windows' own virtual disk
 * service. A parent may only be attached read-only: a single write changes it, and every child of it is lost.
 */
public final class MountOperation {
    private final OperationContext context;

    public MountOperation(OperationContext context) {
        this.context = context;
    }

    public AttachedDisk mount(Path image, boolean readOnly, Optional<String> driveLetter)
            throws IOException, OperationException {
        Path file = image.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        new Preflight(context.platform(), context.reporter()).check("mount", file.getParent());
        if (!readOnly) {
            Optional<String> children = parentOf(file);
            if (children.isPresent()) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "refused: " + file.getFileName()
                        + " is the parent of " + children.get() + ", and any write to a parent makes its children"
                        + " unusable; mount it with --read-only");
            }
        }
        return attacher().attach(file, readOnly, driveLetter);
    }

    public void unmount(Path image) throws IOException, OperationException {
        Path file = image.toAbsolutePath().normalize();
        new Preflight(context.platform(), context.reporter()).check("unmount", file.getParent());
        attacher().detach(file);
    }

    private DiskAttacher attacher() throws OperationException {
        return context.attacher().orElseThrow(() -> new OperationException(OperationException.Kind.PRECONDITION,
                "mounting needs Windows' virtual disk service (virtdisk.dll), which this system does not have"));
    }

    /** The children that name {@code file} as their parent: a layout's, or any image beside it. */
    Optional<String> parentOf(Path file) throws IOException {
        Path folder = file.getParent();
        Path ini = folder.resolve(Layout.INI_NAME);
        if (Files.exists(ini)) {
            try {
                Layout layout = LayoutFile.load(ini);
                if (Files.isSameFile(layout.parentPath(), file) || layout.parentFile().equals(file.getFileName().toString())) {
                    return Optional.of(layout.child(Role.CURRENT).file() + " and " + layout.child(Role.RECOVERY).file());
                }
            } catch (LayoutException e) {
                // A broken ini says nothing; the images beside it still do.
            }
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path candidate : files.filter(this::looksLikeImage).toList()) {
                if (candidate.equals(file)) {
                    continue;
                }
                try (Layer layer = context.images().openLayer(candidate, false, Durability.SAFE)) {
                    Optional<ParentLink> link = layer.parentLink();
                    if (link.isPresent()) {
                        for (ParentLink.ParentCandidate parent : link.get().candidates(folder)) {
                            if (Files.exists(parent.path()) && Files.isSameFile(parent.path(), file)) {
                                return Optional.of(candidate.getFileName().toString());
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // An unreadable neighbour cannot be a child that matters here.
                }
            }
        }
        return Optional.empty();
    }

    private boolean looksLikeImage(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith("." + DiskFormat.VHDX.extension()) || name.endsWith("." + DiskFormat.VHD.extension());
    }
}
