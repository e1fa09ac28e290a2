package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.files.KeptFile;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Is the parent still the image the layout was made from? It must open with a healthy chain and keep the
 * identity recorded at init; a child named by the layout must link to it.
 */
final class ParentCheck {
    /** The ways out of a changed parent: init alone refuses to drop children, so adopting takes remove first. */
    static final String ADOPT = "restore the parent, or adopt it as it is now (the children's contents are lost):"
            + " `vhdboot remove --delete-children`, then `vhdboot init`";
    private final OperationContext context;

    ParentCheck(OperationContext context) {
        this.context = context;
    }

    /**
     * The parent's identity now: its link id (VHD unique id or VHDX DataWriteGuid) and virtual size. Opening
     * it checks its whole chain; a missing or corrupt file fails as such. A parent holding a log of unfinished
     * writes is refused as a precondition.
     */
    Layout.ParentIdentity identify(Path parent) throws IOException, OperationException {
        // A parent's log must be replayed before children depend on it: Windows could not replay it later
        // without writing the parent.
        try (Chain chain = context.disks().openRefusingDirtyLogs(parent)) {
            Layer top = chain.top();
            UUID id = top.linkId().orElseThrow(() ->
                    new InvalidImageException(parent.getFileName() + " cannot be a parent: it is a raw file"));
            Instant modified = top.format() == DiskFormat.VHD
                    ? Files.getLastModifiedTime(parent).toInstant().truncatedTo(ChronoUnit.SECONDS) : null;
            return new Layout.ParentIdentity(id.toString(), top.virtualSize(), modified);
        } catch (InvalidImageException refused) {
            if (opensWithItsLogReplayedInMemory(parent)) {
                throw new OperationException(OperationException.Kind.PRECONDITION, "the parent "
                        + parent.getFileName() + " holds a log of writes that were never finished, and replaying it"
                        + " would write the parent, which vhdboot never does; replay it on a copy: copy the file to"
                        + " another folder, run `vhdboot vhd check --repair COPY` there, and make the copy the parent");
            }
            throw refused;
        }
    }

    /**
     * The images a differencing parent stands on, nearest first; none for a parent that is a whole image. Each is the
     * layout's base as much as the parent is, so init protects them and status watches them.
     */
    List<Path> imagesUnder(Path parent) throws IOException {
        try (Chain chain = context.disks().open(parent, false)) {
            return chain.layers().stream().skip(1).map(Layer::path).toList();
        }
    }

    /** The only difference from the refusing open is the log: when this one succeeds, the log was the reason. */
    private boolean opensWithItsLogReplayedInMemory(Path parent) throws IOException {
        try (Chain chain = context.disks().open(parent, false)) {
            return true;
        } catch (InvalidImageException | ParentLinkException e) {
            return false;
        }
    }

    /**
     * Fails with {@link OperationException.Kind#PARENT} when the layout's parent is missing, broken, or no longer
     * the image recorded in the layout: from the children's point of view, all of these break their link.
     */
    Layout.ParentIdentity verify(Layout layout) throws IOException, OperationException {
        Layout.ParentIdentity now;
        try {
            now = identify(layout.parentPath());
        } catch (NoSuchFileException e) {
            throw parentProblem("the parent " + layout.parentFile() + " is missing");
        } catch (InvalidImageException e) {
            throw parentProblem("the parent " + layout.parentFile() + " is not a usable image: " + e.getMessage());
        }
        Optional<Layout.ParentIdentity> recorded = layout.parentIdentity();
        if (recorded.isPresent() && !recorded.get().linkId().equalsIgnoreCase(now.linkId())) {
            throw parentProblem("the parent " + layout.parentFile() + " was modified after the layout was"
                    + " made (id " + recorded.get().linkId() + " is now " + now.linkId() + "), so both children are"
                    + " invalid; " + ADOPT);
        }
        if (recorded.isPresent() && recorded.get().modified() != null && now.modified() != null
                && !recorded.get().modified().equals(now.modified())) {
            throw parentProblem("the parent " + layout.parentFile() + " was modified after the layout was"
                    + " made (last written " + now.modified() + ", recorded " + recorded.get().modified() + "), so both"
                    + " children are invalid; " + ADOPT);
        }
        if (recorded.isPresent() && recorded.get().virtualSize() != now.virtualSize()) {
            throw parentProblem("the parent " + layout.parentFile() + " changed size since the layout was"
                    + " made, so both children are invalid; " + ADOPT);
        }
        return now;
    }

    /** Fails with {@link OperationException.Kind#PARENT} when the tree image {@code ref}'s file is missing. */
    void requireImage(Layout layout, ImageRef ref) throws OperationException {
        Path file = layout.pathOf(ref);
        if (KeptFile.isSomethingElse(file)) {
            throw parentProblem(ref + "'s file " + file.getFileName() + " is " + ChildLink.NOT_A_FILE.describe());
        }
        if (!Files.isRegularFile(file)) {
            throw parentProblem(ref + " is missing: " + file.getFileName() + " is not in the layout folder");
        }
    }

    /** The file {@code child}'s own parent link resolves to, whether or not that parent still matches it. */
    Optional<Path> parentOf(Path child) throws IOException {
        if (!Files.exists(child)) {
            return Optional.empty();
        }
        try (Layer layer = context.disks().openLayer(child)) {
            return layer.parentLink().flatMap(link -> link.resolve(child.toAbsolutePath().getParent()));
        } catch (InvalidImageException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code child}'s parent link names {@code parent}, by file identity. */
    boolean namesAsParent(Path child, Path parent) throws IOException {
        Optional<Path> resolved = parentOf(child);
        return resolved.isPresent() && Files.exists(parent) && Files.isSameFile(resolved.get(), parent);
    }

    /**
     * The refusal to replace {@code what} (a file name, after what refuses), which is {@link KeptFile#isSomethingElse not a file},
     * and what to do: move it away, then {@code rerun}.
     */
    static OperationException notReplaced(String what, String rerun) {
        return new OperationException(OperationException.Kind.PRECONDITION, what + " is "
                + ChildLink.NOT_A_FILE.describe() + ", which vhdboot does not replace; move it away and " + rerun);
    }

    private static OperationException parentProblem(String message) {
        return new OperationException(OperationException.Kind.PARENT, message);
    }

    /**
     * Whether {@code child} names the layout's parent as its own. A child too damaged to open says nothing
     * about the link, so it is reported as unreadable rather than linked elsewhere.
     */
    ChildLink linkOf(Path child, Path parent) throws IOException {
        if (!Files.exists(child)) {
            return ChildLink.MISSING;
        }
        if (KeptFile.isSomethingElse(child)) {
            return ChildLink.NOT_A_FILE; // opening a pipe would wait for a writer
        }
        try (Layer layer = context.disks().openLayer(child)) {
            Optional<ParentLink> link = layer.parentLink();
            if (link.isEmpty()) {
                return ChildLink.NOT_A_CHILD;
            }
            Optional<Path> resolved = link.get().resolve(child.toAbsolutePath().getParent());
            Path expected = parent.toAbsolutePath().normalize();
            if (resolved.isEmpty()) {
                return ChildLink.PARENT_NOT_FOUND;
            }
            return Files.isSameFile(resolved.get(), expected) ? verified(link.get(), expected) : ChildLink.OTHER_PARENT;
        } catch (InvalidImageException | NoSuchFileException e) {
            return ChildLink.UNREADABLE;
        }
    }

    private ChildLink verified(ParentLink link, Path parent) throws IOException {
        try (Layer parentLayer = context.disks().openLayer(parent)) {
            // For VHD the only sign of a parent written after the child was made is its time stamp.
            return link.verify(parentLayer).isEmpty() ? ChildLink.LINKED : ChildLink.PARENT_CHANGED;
        } catch (ParentLinkException e) {
            return ChildLink.PARENT_CHANGED;
        } catch (InvalidImageException e) {
            return ChildLink.UNREADABLE;
        }
    }

    /** How a layout child relates to the layout's parent. */
    enum ChildLink {
        LINKED,
        MISSING,
        /** A folder, a pipe or a device: nothing vhdboot made, and nothing a reset may replace. */
        NOT_A_FILE,
        UNREADABLE,
        NOT_A_CHILD,
        OTHER_PARENT,
        PARENT_NOT_FOUND,
        PARENT_CHANGED;

        /** What to do about a broken slot that is not Current. */
        String slotAdvice() {
            return this == NOT_A_FILE ? "move it away: vhdboot neither replaces nor deletes it"
                    : "the next `vhdboot image switch` replaces it, `vhdboot image prune` deletes it";
        }

        /** What to do about a broken child of {@code role}. */
        String resetAdvice(Role role) {
            return (this == NOT_A_FILE ? "move it away, then " : "") + "`vhdboot reset " + role.key() + "` recreates it";
        }

        /** What follows "FILE is" in a report: {@code missing}, or {@code broken: } and why. */
        String state() {
            return this == MISSING ? "missing" : "broken: " + describe();
        }

        String describe() {
            switch (this) {
                case LINKED:
                    return "linked";
                case MISSING:
                    return "missing";
                case NOT_A_FILE:
                    return "not a file (a folder, a pipe or a device)";
                case UNREADABLE:
                    return "unreadable (corrupt or truncated)";
                case NOT_A_CHILD:
                    return "not a differencing image";
                case OTHER_PARENT:
                    return "links to another parent";
                case PARENT_NOT_FOUND:
                    return "its parent is not found";
                default:
                    return "its parent was modified after it was made";
            }
        }
    }
}
