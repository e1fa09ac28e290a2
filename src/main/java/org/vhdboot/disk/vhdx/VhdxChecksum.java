package org.vhdboot.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** CRC-32C over a whole VHDX structure, computed with its own checksum field read as zero. */
final class VhdxChecksum {
    private VhdxChecksum() {
    }

    static int compute(byte[] structure, int checksumOffset) {
        return compute(structure, 0, structure.length, checksumOffset);
    }

    static int compute(byte[] bytes, int from, int length, int checksumOffset) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, checksumOffset);
        crc.update(new byte[4]);
        crc.update(bytes, from + checksumOffset + 4, length - checksumOffset - 4);
        return (int) crc.getValue();
    }

    static int stored(byte[] structure, int checksumOffset) {
        return ByteBuffer.wrap(structure).order(ByteOrder.LITTLE_ENDIAN).getInt(checksumOffset);
    }

    static void store(byte[] structure, int checksumOffset) {
        ByteBuffer.wrap(structure).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(checksumOffset, compute(structure, checksumOffset));
    }
}
