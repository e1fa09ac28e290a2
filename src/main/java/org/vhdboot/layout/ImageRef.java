package org.vhdboot.layout;

import java.util.Locale;
import java.util.Optional;

/**
 * A frozen image of the layout's tree by kind and name, as {@code vhdboot.ini} writes it: {@code version:base},
 * {@code snapshot:before-office}. Versions are the golden images slots stand on (issue 14 adds more than the
 * base); snapshots are restore points of Current.
 */
public record ImageRef(Kind kind, String name) {
    /** The layout's parent, as every layout of version 1 has it. */
    public static final ImageRef BASE_VERSION = new ImageRef(Kind.VERSION, "base");

    public enum Kind {
        VERSION, SNAPSHOT;

        /** {@code version} or {@code snapshot}, as in section names and references. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ImageRef snapshot(String name) {
        return new ImageRef(Kind.SNAPSHOT, name);
    }

    /** {@code KIND:NAME}, with the name checked ({@link ImageName}); empty when it is not one. */
    public static Optional<ImageRef> parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String kind = text.substring(0, colon).strip();
        String name = text.substring(colon + 1).strip();
        for (Kind candidate : Kind.values()) {
            if (candidate.key().equals(kind) && ImageName.problem(name).isEmpty()) {
                return Optional.of(new ImageRef(candidate, name));
            }
        }
        return Optional.empty();
    }

    /** The ini section of the image: {@code [snapshot.NAME]}. */
    public String section() {
        return kind.key() + "." + name;
    }

    public boolean isSnapshot() {
        return kind == Kind.SNAPSHOT;
    }

    @Override
    public String toString() {
        return kind.key() + ":" + name;
    }
}
