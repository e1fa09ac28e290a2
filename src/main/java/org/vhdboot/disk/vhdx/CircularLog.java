package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The VHDX log area, read by log offset: a read that passes the end continues at the start, as the log is a
 * circular buffer. Reads go to the file piece by piece, so a large log is never held in memory.
 */
final class CircularLog {
    private static final int CRC_PIECE = 1 << 20;

    /** Where the log's bytes come from: the file, or an array in tests. */
    @FunctionalInterface
    interface Source {
        void read(long position, ByteBuffer dst) throws IOException;
    }

    private final Source source;
    private final long fileOffset;
    private final int length;

    private CircularLog(Source source, long fileOffset, int length) {
        this.source = source;
        this.fileOffset = fileOffset;
        this.length = length;
    }

    static CircularLog in(Storage file, long fileOffset, int length) {
        return new CircularLog(file::read, fileOffset, length);
    }

    static CircularLog of(byte[] bytes) {
        return over((position, dst) -> dst.put(bytes, (int) position, dst.remaining()), bytes.length);
    }

    /** A log of {@code length} bytes read from {@code source} at offset 0. */
    static CircularLog over(Source source, int length) {
        return new CircularLog(source, 0, length);
    }

    int length() {
        return length;
    }

    /** The file offset of log offset {@code at}. */
    long filePosition(int at) {
        return fileOffset + at;
    }

    /** {@code count} bytes from log offset {@code at}, little-endian; {@code count} is at most the log length. */
    ByteBuffer read(int at, int count) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
        int first = (int) Math.min(count, (long) length - at);
        source.read(fileOffset + at, out.slice(0, first));
        if (first < count) {
            source.read(fileOffset, out.slice(first, count - first));
        }
        return out;
    }

    /** The log offset {@code distance} bytes after {@code at}. */
    int advance(int at, long distance) {
        return (int) ((at + distance) % length);
    }

    /** CRC-32C of {@code count} bytes from {@code at}, with the 4-byte field at {@code checksumOffset} read as zero. */
    int crc32c(int at, int count, int checksumOffset) throws IOException {
        CRC32C crc = new CRC32C();
        for (int done = 0; done < count; done += CRC_PIECE) {
            int n = Math.min(CRC_PIECE, count - done);
            ByteBuffer piece = read(advance(at, done), n);
            if (done == 0) {
                piece.putInt(checksumOffset, 0);
            }
            crc.update(piece);
        }
        return (int) crc.getValue();
    }
}
