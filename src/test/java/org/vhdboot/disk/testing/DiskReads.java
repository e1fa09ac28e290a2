package org.vhdboot.disk.testing;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Reads through the engine, the way a guest would. */
public final class DiskReads {
    private DiskReads() {
    }

    public static byte[] readAll(DiskImages images, Path image) throws IOException {
        try (Chain chain = images.open(image, false)) {
            return read(chain, 0, Math.toIntExact(chain.size()));
        }
    }

    public static byte[] read(Chain chain, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        chain.read(offset, buffer);
        return buffer.array();
    }
}
