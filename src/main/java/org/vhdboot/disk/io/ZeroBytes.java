package org.vhdboot.disk.io;

import java.nio.ByteBuffer;

/** Zero bytes without allocating them: zero-filling buffers, and telling whether a buffer holds only zeros. */
public final class ZeroBytes {
    private static final int SIZE = 64 << 10;
    private static final byte[] ARRAY = new byte[SIZE];
    /** Direct, so that {@link ByteBuffer#mismatch} against it is vectorised. */
    private static final ByteBuffer DIRECT = ByteBuffer.allocateDirect(SIZE).asReadOnlyBuffer();

    private ZeroBytes() {
    }

    /** Zeros the remaining bytes of {@code dst} and moves its position to its limit. */
    public static void fill(ByteBuffer dst) {
        int at = dst.position();
        fill(dst, at, dst.remaining());
        dst.position(dst.limit());
    }

    /** Zeros {@code length} bytes of {@code dst} from index {@code at}; the position does not move. */
    public static void fill(ByteBuffer dst, int at, int length) {
        for (int done = 0; done < length; done += SIZE) {
            dst.put(at + done, ARRAY, 0, Math.min(SIZE, length - done));
        }
    }

    /**
     * Whether the remaining bytes of {@code buffer} are all zero. Compares with a zero buffer:
     * {@link ByteBuffer#mismatch} is vectorised by the JVM, some 30 times faster than a loop of getLong when
     * only C1 compiles.
     */
    public static boolean isZero(ByteBuffer buffer) {
        for (int at = buffer.position(); at < buffer.limit(); at += SIZE) {
            int n = Math.min(SIZE, buffer.limit() - at);
            if (buffer.slice(at, n).mismatch(DIRECT.slice(0, n)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
