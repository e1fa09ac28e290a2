package org.vhdboot.ops;

import org.vhdboot.disk.testing.FileDigests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Every file and folder under a root: name, size, SHA-256, modification time and mode, taken before and after
 * a command to prove what it changed, or that it changed nothing.
 */
record FolderSnapshot(Map<String, String> entries) {

    static FolderSnapshot of(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                String name = root.relativize(path).toString().replace('\\', '/');
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String mode = mode(path);
                if (attributes.isDirectory()) {
                    entries.put(name + "/", "folder modified " + attributes.lastModifiedTime().toMillis() + ", " + mode);
                } else if (attributes.isSymbolicLink()) {
                    entries.put(name, "link to " + Files.readSymbolicLink(path));
                } else {
                    entries.put(name, attributes.size() + " bytes, modified " + attributes.lastModifiedTime().toMillis()
                            + ", " + mode + ", sha256 " + FileDigests.sha256(path));
                }
            }
        }
        return new FolderSnapshot(entries);
    }

    private static String mode(Path path) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        return posix == null ? "" : PosixFilePermissions.toString(posix.readAttributes().permissions());
    }

    /** The entries whose names pass {@code filter}. */
    FolderSnapshot only(Predicate<String> filter) {
        Map<String, String> kept = new TreeMap<>();
        entries.forEach((name, state) -> {
            if (filter.test(name)) {
                kept.put(name, state);
            }
        });
        return new FolderSnapshot(kept);
    }

    /** What differs in {@code after}: {@code added X}, {@code removed X}, {@code changed X}; empty when nothing. */
    List<String> changesTo(FolderSnapshot after) {
        List<String> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(entries.keySet());
        names.addAll(after.entries.keySet());
        for (String name : names) {
            String before = entries.get(name);
            String now = after.entries.get(name);
            if (before == null) {
                changes.add("added " + name);
            } else if (now == null) {
                changes.add("removed " + name);
            } else if (!before.equals(now)) {
                changes.add("changed " + name + " (" + before + " -> " + now + ")");
            }
        }
        return changes;
    }

    /** The names that were removed or changed in {@code after}. */
    List<String> touchedIn(FolderSnapshot after) {
        List<String> touched = new ArrayList<>();
        entries.forEach((name, state) -> {
            if (!state.equals(after.entries.get(name))) {
                touched.add(name);
            }
        });
        return touched;
    }
}
