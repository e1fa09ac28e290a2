package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Raw reads and writes at file offsets, for tests that build or damage images by hand. */
public final class FileBytes {
    private FileBytes() {
    }

    public static long size(Path file) throws IOException {
        return Files.size(file);
    }

    public static byte[] read(Path file, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException(file + " ends before offset " + (offset + length));
                }
            }
            return buffer.array();
        }
    }

    public static void write(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        }
    }

    public static void flipByte(Path file, long offset) throws IOException {
        byte[] one = read(file, offset, 1);
        one[0] ^= (byte) 0xFF;
        write(file, offset, one);
    }

    /** Makes the file {@code size} bytes long: truncated, or extended by a hole that reads as zeros. */
    public static void setSize(Path file, long size) throws IOException {
        try (java.io.RandomAccessFile access = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            access.setLength(size);
        }
    }

    public static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
