package org.vhdboot.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A virtual disk as a guest sees it: bytes at offsets, whatever the files underneath. */
public interface VirtualDisk extends Closeable {

    long size();

    int logicalSectorSize();

    /** Reads {@code dst.remaining()} bytes at {@code offset}, any alignment. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code offset}, any alignment. */
    void write(long offset, ByteBuffer src) throws IOException;

    void flush() throws IOException;
}
