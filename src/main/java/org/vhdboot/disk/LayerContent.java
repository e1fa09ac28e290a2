package org.vhdboot.disk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The virtual disk of one image file as its format's block table lays it out: what reads and writes sectors, apart
 * from the structures that describe the file. {@link StoredLayer} forwards the {@link Layer} calls on content here.
 */
public interface LayerContent {
    /** @see Layer#storedBytes() */
    long storedBytes();

    /** @see Layer#map(long, long) */
    Extent map(long offset, long maxLength) throws IOException;

    /** @see Layer#readStored(long, ByteBuffer) */
    void readStored(long fileOffset, ByteBuffer dst) throws IOException;

    /** @see Layer#writeSectors(long, ByteBuffer) */
    void writeSectors(long offset, ByteBuffer src) throws IOException;

    /** @see Layer#flush() */
    void flush() throws IOException;
}
