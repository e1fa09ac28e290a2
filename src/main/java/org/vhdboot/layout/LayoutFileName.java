package org.vhdboot.layout;

import org.vhdboot.disk.io.StagedFile;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for a file name read from {@code vhdboot.ini}, {@code vhdboot.journal} or {@code vhdboot.pending}:
 * a plain name of a file directly in the layout folder, the same on Windows and elsewhere. The agent acts on
 * these names as SYSTEM, so anything that could reach another folder, another volume, a device or a stream
 * is refused.
 */
public final class LayoutFileName {
    private static final int MAX_LENGTH = 255;
    /** Windows' reserved device names, with or without an extension; COM¹ and the like count too. */
    private static final Pattern DEVICE = Pattern.compile(
            "(CON|PRN|AUX|NUL|CONIN\\$|CONOUT\\$|COM[1-9\u00B9\u00B2\u00B3]|LPT[1-9\u00B9\u00B2\u00B3])\\s*(\\..*)?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final String FORBIDDEN = "<>\"|?*";

    private LayoutFileName() {
    }

    /** Returns {@code entry}'s value when it is a plain file name in {@code folder}; else the one-line error. */
    public static String check(LayoutText text, LayoutText.Entry entry, Path folder) throws LayoutException {
        Optional<String> problem = problem(entry.value(), folder);
        if (problem.isPresent()) {
            throw text.invalid(entry, "is not a plain file name in the layout folder: " + problem.get());
        }
        return entry.value();
    }

    /** Why {@code name} is not a plain file name in {@code folder}, or empty when it is one. */
    static Optional<String> problem(String name, Path folder) {
        if (name.isBlank()) {
            return Optional.of("it is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("it is longer than " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return Optional.of("it holds a control character");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return Optional.of("it holds a path separator");
        }
        if (name.indexOf(':') >= 0) {
            return Optional.of("it names a drive or a stream (':')");
        }
        if (name.chars().anyMatch(c -> FORBIDDEN.indexOf(c) >= 0)) {
            return Optional.of("it holds a character Windows forbids in file names (" + FORBIDDEN + ")");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("it names a folder");
        }
        if (name.endsWith(".") || name.endsWith(" ")) {
            return Optional.of("it ends with a dot or a space, which Windows drops");
        }
        if (DEVICE.matcher(name).matches()) {
            return Optional.of("it is a Windows device name");
        }
        try {
            Path resolved = folder.resolve(name).normalize();
            if (!folder.equals(resolved.getParent())) {
                return Optional.of("it resolves outside the folder");
            }
        } catch (InvalidPathException e) {
            return Optional.of("it is not a valid file name here");
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a Windows device name (with or without an extension), which no file may be. */
    static boolean isDeviceName(String name) {
        return DEVICE.matcher(name).matches();
    }

    /**
     * The names a new layout will record, checked by the rule every later command reads them with, before
     * anything is made: a layout whose ini no command could read is never written.
     */
    public static void checkNewLayout(Layout layout) throws OperationException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : java.util.List.of(layout.parentFile(), layout.child(Role.CURRENT).file(),
                layout.child(Role.RECOVERY).file())) {
            Optional<String> problem = problem(name, layout.folder());
            if (problem.isPresent()) {
                throw new OperationException(OperationException.Kind.USAGE, "'" + name + "' cannot be a file name"
                        + " of a layout: " + problem.get() + "; rename the parent or pass --name");
            }
            String temporary = StagedFile.temporaryFor(layout.folder().resolve(name))
                    .getFileName().toString();
            for (String taken : new String[] {name, temporary}) {
                if (!seen.add(taken.toLowerCase(java.util.Locale.ROOT))) {
                    throw new OperationException(OperationException.Kind.USAGE, "the parent " + layout.parentFile()
                            + " and the children " + layout.child(Role.CURRENT).file() + " and "
                            + layout.child(Role.RECOVERY).file() + " would share a file name; rename the parent or"
                            + " pass --name");
                }
            }
        }
    }
}
