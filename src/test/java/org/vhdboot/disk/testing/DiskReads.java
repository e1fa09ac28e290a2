package org.vhdboot.disk.testing;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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

    /**
     * assertArrayEquals for whole disks read in loops: its byte-by-byte comparison is slow on megabytes, so the
     * vectorised Arrays.equals decides and assertArrayEquals only reports a difference.
     */
    public static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            assertArrayEquals(expected, actual, what);
        }
    }
}
