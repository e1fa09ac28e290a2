package org.vhdboot.disk;

/**
 * Which layer of a stack answers for a run of virtual-disk bytes, and how: what {@link LayerResolver} hands out.
 *
 * @param offset where the run starts in the virtual disk
 * @param length bytes in the run: whole sectors, except a last sector cut short by the disk's end
 * @param level the answering layer, 0 for the top of the stack; the stack's size for {@link Kind#BELOW}
 * @param fileOffset where the run starts in that layer's file; only meaningful for {@link Kind#STORED}
 */
public record Answer(long offset, long length, int level, Kind kind, long fileOffset) {

    public enum Kind {
        /** The layer stores the bytes in its file at {@code fileOffset}. */
        STORED,
        /** The layer defines the bytes as zeros without storing them. */
        ZERO,
        /** No layer of the stack defines the bytes: the layers below it answer, and under a chain's base, zeros. */
        BELOW
    }

    /** Whether a layer of the stack defines the bytes, stored or as zeros. */
    public boolean defined() {
        return kind != Kind.BELOW;
    }

    public long end() {
        return offset + length;
    }
}
