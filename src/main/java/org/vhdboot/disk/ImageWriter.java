package org.vhdboot.disk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * {@code vhd write}: bytes into a virtual disk at any offset and alignment, like qemu-io. The range is
 * checked before anything is written, and parents are refused by {@link DiskImages}.
 */
public final class ImageWriter {
    private static final int CHUNK = 4 << 20;

    private final DiskImages images;

    public ImageWriter(DiskImages images) {
        this.images = images;
    }

    /** Writes {@code length} bytes of {@code data} at {@code offset}. */
    public void write(Path image, long offset, InputStream data, long length) throws IOException {
        try (Chain chain = images.open(image, true)) {
            if (offset < 0 || length > chain.size() || offset > chain.size() - length) {
                throw new UnsupportedFormatException("writing " + length + " bytes at offset " + offset
                        + " would pass the end of the " + chain.size() + "-byte virtual disk");
            }
            byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
            long done = 0;
            while (done < length) {
                int n = data.readNBytes(buffer, 0, (int) Math.min(buffer.length, length - done));
                if (n <= 0) {
                    throw new IOException("the input ended after " + done + " of " + length + " bytes");
                }
                chain.write(offset + done, ByteBuffer.wrap(buffer, 0, n));
                done += n;
            }
            chain.flush();
        }
    }
}
