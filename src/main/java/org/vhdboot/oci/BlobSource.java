package org.vhdboot.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The bytes of a blob to push: a file (a layer) or a small array (the empty config). */
public interface BlobSource {
    long size() throws IOException;

    /** The bytes from {@code offset} on, up to {@code length} of them. */
    InputStream open(long offset, long length) throws IOException;

    static BlobSource of(Path file) {
        return new BlobSource() {
            @Override
            public long size() throws IOException {
                return java.nio.file.Files.size(file);
            }

            @Override
            public InputStream open(long offset, long length) throws IOException {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(offset);
                return new BoundedInputStream(Channels.newInputStream(channel), length);
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }

    static BlobSource of(byte[] content) {
        byte[] copy = content.clone();
        return new BlobSource() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public InputStream open(long offset, long length) {
                return new ByteArrayInputStream(copy, (int) offset, (int) Math.min(length, copy.length - offset));
            }
        };
    }

    /** Stops after {@code remaining} bytes. */
    final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int value = super.read();
            remaining -= value < 0 ? 0 : 1;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = super.read(buffer, offset, (int) Math.min(length, remaining));
            remaining -= Math.max(read, 0);
            return read;
        }
    }
}
