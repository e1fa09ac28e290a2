package org.vhdboot.disk.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Positional byte storage under an image: a file, or a view of one. Reads and writes are always
 * complete; a read past the end of the storage is an error, because in an image it means truncation.
 */
public interface Storage extends Closeable {

    Path path();

    boolean writable();

    long size() throws IOException;

    /** Fills {@code dst} from {@code position}. */
    void read(long position, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code position}, extending the storage if needed. */
    void write(long position, ByteBuffer src) throws IOException;

    /** Makes every earlier write durable (fsync). */
    void force() throws IOException;

    void truncate(long size) throws IOException;

    default byte[] readBytes(long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        read(position, ByteBuffer.wrap(bytes));
        return bytes;
    }

    default void writeBytes(long position, byte[] bytes) throws IOException {
        write(position, ByteBuffer.wrap(bytes));
    }
}
