package org.vhdboot.ops;

import java.util.Optional;

/**
 * A layout's name: the first part of every file name the layout makes ({@code NAME-Current.vhdx},
 * {@code NAME-v-VERSION.vhdx}) and of its menu texts. One plain file-name part, so no file it names leaves the layout
 * folder, whether it came from {@code init --name} or from {@code vhdboot.ini}.
 */
final class LayoutName {
    /** Room left in a 255-character file name for {@code -v-VERSION.vhdboot-tmp.vhdx}, VERSION up to 64. */
    private static final int MAX_LENGTH = 160;

    private LayoutName() {
    }

    /** Refuses (exit 2) {@code name}, given as {@code what}, when it cannot be a layout's name. */
    static void check(String name, String what, String advice) throws OperationException {
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
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (name.contains("..") || name.chars().anyMatch(c -> c < 32 || c == 127 || "\\/:*?\"<>|".indexOf(c) >= 0)) {
            return Optional.of("cannot be part of a file name: use letters, digits, spaces, dots, dashes or"
                    + " underscores");
        }
        return Optional.empty();
    }
}
