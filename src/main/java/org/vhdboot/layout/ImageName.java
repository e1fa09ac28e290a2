package org.vhdboot.layout;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names users give snapshots and versions, and the slug that goes into their file names
 * ({@code NAME-s-SLUG.EXT}). A name is a letter or digit, then up to 63 letters, digits, dots, dashes or
 * underscores, not a Windows device name, and, for a new one, without {@value #RESERVED}; the slug is the name in
 * lower case with anything else mapped to {@code -}, so two names that differ only in case share a file name and
 * cannot both exist.
 */
public final class ImageName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern OUTSIDE_SLUG = Pattern.compile("[^a-z0-9._-]");
    /**
     * What marks vhdboot's working files ({@code X.vhdboot-tmp.vhdx} while X is made, downloads, uploads): in a name,
     * a version's file would be another's working file, written over and deleted when that one is made.
     */
    static final String RESERVED = ".vhdboot-";

    private ImageName() {
    }

    /** Why {@code name} cannot name an image, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of("a name is a letter or digit, then up to 63 letters, digits, dots, dashes or"
                    + " underscores");
        }
        if (LayoutFileName.isDeviceName(name)) {
            return Optional.of("it is a Windows device name");
        }
        return Optional.empty();
    }

    /**
     * Why {@code name} cannot name a new image, or empty when it can: {@link #problem}, and no {@value #RESERVED}.
     * An image an earlier vhdboot recorded under such a name keeps it (its ini and journals still read).
     */
    public static Optional<String> problemForNew(String name) {
        Optional<String> problem = problem(name);
        if (problem.isEmpty() && name.toLowerCase(Locale.ROOT).contains(RESERVED)) {
            return Optional.of("'" + RESERVED + "' marks vhdboot's working files");
        }
        return problem;
    }

    /** The name of an existing image, checked, or the usage error that says why it cannot be one. */
    public static String check(String name, String what) throws OperationException {
        return refusedIf(problem(name), name, what);
    }

    /** The name of an image to make, checked as {@link #problemForNew} says. */
    public static String checkNew(String name, String what) throws OperationException {
        return refusedIf(problemForNew(name), name, what);
    }

    private static String refusedIf(Optional<String> problem, String name, String what) throws OperationException {
        if (problem.isPresent()) {
            throw new OperationException(OperationException.Kind.USAGE, "'" + LayoutText.shown(name) + "' cannot be a "
                    + what + " name: " + problem.get());
        }
        return name;
    }

    public static String slug(String name) {
        return OUTSIDE_SLUG.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
    }
}
