package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The file parameters metadata item: block size and two flags. */
public record FileParameters(long blockSize, boolean leaveBlocksAllocated, boolean hasParent) {
    public static final int SIZE = 8;
    public static final long MIN_BLOCK_SIZE = 1 << 20;
    public static final long MAX_BLOCK_SIZE = 256L << 20;

    public static FileParameters parse(byte[] bytes, String where) throws InvalidImageException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long blockSize = Integer.toUnsignedLong(b.getInt(0));
        int flags = b.getInt(4);
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Long.bitCount(blockSize) != 1) {
            throw new InvalidImageException(where + ": block size " + blockSize
                    + " is not a power of two between 1 MiB and 256 MiB");
        }
        return new FileParameters(blockSize, (flags & 1) != 0, (flags & 2) != 0);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) blockSize);
        b.putInt((leaveBlocksAllocated ? 1 : 0) | (hasParent ? 2 : 0));
        return b.array();
    }
}
