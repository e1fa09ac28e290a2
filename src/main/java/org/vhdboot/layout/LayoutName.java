package org.vhdboot.layout;

import java.util.Optional;

/**
 * A layout's name: the first part of every file name the layout makes ({@code NAME-Current.vhdx},
 * {@code NAME-v-VERSION.vhdx}) and of its menu texts. One plain file-name part, so no file it names leaves the layout
 * folder, whether it came from {@code init --name} or from {@code vhdboot.ini}.
 */
public final class LayoutName {
    private LayoutName() {
    }

    /** Refuses (exit 2) {@code name}, given as {@code what}, when it cannot be a layout's name. */
    public static void check(String name, String what, String advice) throws OperationException {
        Optional<String> problem = problem(name);
        if (problem.isPresent()) {
            throw new OperationException(OperationException.Kind.USAGE, what + " '" + LayoutText.shown(name) + "' "
                    + problem.get() + advice);
        }
    }

    /** Why {@code name} cannot be a layout's name, or empty when it can. */
    static Optional<String> problem(String name) {
        if (name.isBlank()) {
            return Optional.of("is empty");
        }
        // Suffixes are always added (NAME-Current.vhdx), so dots cannot climb: only a separator or a drive could
        // leave the folder. What Windows refuses in a file name is refused too; no length limit, so no layout an
        // earlier vhdboot made from a long parent name is locked out (a name too long fails where a file is made).
        if (name.chars().anyMatch(c -> c < 32 || c == 127 || "\\/:*?\"<>|".indexOf(c) >= 0)) {
            return Optional.of("cannot be part of a file name: it holds a path separator, a drive colon, one of"
                    + " * ? \" < > | or a control character");
        }
        return Optional.empty();
    }
}
