package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps the parent read-only: the read-only attribute on Windows, no write permission elsewhere. Any write
 * to the parent, even by another tool, orphans both children.
 */
final class ParentProtection {
    private ParentProtection() {
    }

    static boolean isReadOnly(Path parent) throws IOException {
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
    static boolean makeReadOnly(Path parent) throws IOException {
        if (isReadOnly(parent)) {
            return false;
        }
        DosFileAttributeView dos = dosView(parent);
        if (dos != null) {
            dos.setReadOnly(true);
            return true;
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(parent, PosixFileAttributeView.class);
        Set<PosixFilePermission> permissions = EnumSet.copyOf(posix.readAttributes().permissions());
        permissions.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE));
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
