package org.vhdboot.disk.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The read-only mark vhdboot puts on parents: the read-only attribute on Windows, no write permission
 * elsewhere. Any write to a parent, even by another tool, orphans its children; the engine refuses to open
 * a marked file for writing, even as root, who ignores permissions.
 */
public final class ReadOnlyMark {
    private ReadOnlyMark() {
    }

    public static boolean isMarked(Path parent) throws IOException {
        DosFileAttributeView dos = dosView(parent);
        if (dos != null) {
            return dos.readAttributes().isReadOnly();
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(parent, PosixFileAttributeView.class);
        if (posix == null) {
            return !Files.isWritable(parent);
        }
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        return !permissions.contains(PosixFilePermission.OWNER_WRITE)
                && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** @return true when it changed something */
    public static boolean mark(Path parent) throws IOException {
        if (isMarked(parent)) {
            return false;
        }
        DosFileAttributeView dos = dosView(parent);
        if (dos != null) {
            dos.setReadOnly(true);
            return true;
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(parent, PosixFileAttributeView.class);
        if (posix == null) {
            // Neither DOS nor POSIX attributes: the only portable switch left is java.io.File's.
            if (!parent.toFile().setWritable(false, false)) {
                throw new IOException("cannot mark " + parent + " read-only on this file system");
            }
            return true;
        }
        Set<PosixFilePermission> permissions = EnumSet.copyOf(posix.readAttributes().permissions());
        permissions.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE));
        posix.setPermissions(permissions);
        return true;
    }

    /**
     * Takes the mark off, for the one write a frozen image may get: a merge down from its parent, which changes
     * nothing it reads. The caller marks it again afterwards.
     *
     * @return true when it changed something
     */
    public static boolean unmark(Path file) throws IOException {
        if (!isMarked(file)) {
            return false;
        }
        DosFileAttributeView dos = dosView(file);
        if (dos != null) {
            dos.setReadOnly(false);
            return true;
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            if (!file.toFile().setWritable(true, true)) {
                throw new IOException("cannot make " + file + " writable on this file system");
            }
            return true;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(posix.readAttributes().permissions());
        permissions.add(PosixFilePermission.OWNER_WRITE);
        posix.setPermissions(permissions);
        return true;
    }

    /** The DOS view only where it is the native one: on Linux it is emulated with extended attributes. */
    private static DosFileAttributeView dosView(Path file) {
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
            return null;
        }
        return Files.getFileAttributeView(file, DosFileAttributeView.class);
    }
}
