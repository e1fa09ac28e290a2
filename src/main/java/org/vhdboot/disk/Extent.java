package org.vhdboot.disk;

/**
 * A run of virtual-disk bytes with one storage state in one layer.
 *
 * @param kind where the bytes live
 * @param length bytes in the run, always at least one sector
 * @param fileOffset where the run starts in the image file; only meaningful for {@link Kind#STORED}
 */
public record Extent(Kind kind, long length, long fileOffset) {

    public enum Kind {
        /** The bytes are stored in this layer's file at {@code fileOffset}. */
        STORED,
        /** The bytes read as zeros. */
        ZERO,
        /** This layer does not hold the bytes; the parent layer does. */
        PARENT
    }

    public static Extent stored(long length, long fileOffset) {
        return new Extent(Kind.STORED, length, fileOffset);
    }

    public static Extent zero(long length) {
        return new Extent(Kind.ZERO, length, -1);
    }

    public static Extent parent(long length) {
        return new Extent(Kind.PARENT, length, -1);
    }
}
