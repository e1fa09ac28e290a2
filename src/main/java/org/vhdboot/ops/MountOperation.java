package org.vhdboot.ops;

import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.windows.AttachedDisk;
import org.vhdboot.windows.DiskAttacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
            if (ReadOnlyMark.isMarked(file)) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "refused: " + file.getFileName()
                        + " is marked read-only, as vhdboot marks parents; mount it with --read-only");
            }
        }
        return attacher().attach(file, readOnly, driveLetter);
    }

    public void unmount(Path image) throws IOException, OperationException {
        Path file = image.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
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
                if (layout.parentFile().equals(file.getFileName().toString())) {
                    return Optional.of(layout.child(Role.CURRENT).file() + " and " + layout.child(Role.RECOVERY).file());
                }
            } catch (LayoutException e) {
                // A broken ini says nothing; the images beside it still do.
            }
        }
        return context.disks().childBeside(file).map(child -> child.getFileName().toString());
    }
}
