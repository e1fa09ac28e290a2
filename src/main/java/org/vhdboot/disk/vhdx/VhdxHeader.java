package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.vhdboot.disk.ByteUnits.MIB;

/** One of the two 4 KiB VHDX headers. The valid one with the higher sequence number is current. */
public record VhdxHeader(
        long sequenceNumber,
        UUID fileWriteGuid,
        UUID dataWriteGuid,
        UUID logGuid,
        int logVersion,
        int version,
        long logLength,
        long logOffset) {

    public static final int SIZE = 4096;
    public static final long SLOT_1 = 64 * 1024;
    public static final long SLOT_2 = 128 * 1024;
    private static final byte[] SIGNATURE = "head".getBytes(StandardCharsets.US_ASCII);
    private static final int CHECKSUM_OFFSET = 4;

    public static VhdxHeader parse(byte[] bytes, String where) throws InvalidImageException {
        for (int i = 0; i < 4; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                throw new InvalidImageException(where + ": signature \"head\" missing");
            }
        }
        int stored = VhdxChecksum.stored(bytes, CHECKSUM_OFFSET);
        int computed = VhdxChecksum.compute(bytes, CHECKSUM_OFFSET);
        if (stored != computed) {
            throw new InvalidImageException(String.format("%s: CRC-32C mismatch (stored 0x%08X, computed 0x%08X)",
                    where, stored, computed));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        VhdxHeader header = new VhdxHeader(b.getLong(8), MsGuid.read(b, 16), MsGuid.read(b, 32), MsGuid.read(b, 48),
                b.getShort(64) & 0xFFFF, b.getShort(66) & 0xFFFF, Integer.toUnsignedLong(b.getInt(68)), b.getLong(72));
        if (header.version != 1) {
            throw new InvalidImageException(where + ": unknown VHDX version " + header.version);
        }
        if (header.logVersion != 0) {
            throw new InvalidImageException(where + ": unknown log version " + header.logVersion);
        }
        if (header.logOffset < MIB || header.logOffset % MIB != 0 || header.logLength % MIB != 0) {
            throw new InvalidImageException(where + ": log offset " + header.logOffset + " or length "
                    + header.logLength + " is not a multiple of 1 MiB at or after 1 MiB");
        }
        return header;
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, SIGNATURE);
        b.putLong(8, sequenceNumber);
        MsGuid.write(b, 16, fileWriteGuid);
        MsGuid.write(b, 32, dataWriteGuid);
        MsGuid.write(b, 48, logGuid);
        b.putShort(64, (short) logVersion);
        b.putShort(66, (short) version);
        b.putInt(68, (int) logLength);
        b.putLong(72, logOffset);
        VhdxChecksum.store(bytes, CHECKSUM_OFFSET);
        return bytes;
    }

    public boolean logEmpty() {
        return logGuid.equals(MsGuid.ZERO);
    }

    public VhdxHeader withSequence(long sequence) {
        return new VhdxHeader(sequence, fileWriteGuid, dataWriteGuid, logGuid, logVersion, version, logLength, logOffset);
    }

    public VhdxHeader withWriteGuids(UUID fileWrite, UUID dataWrite) {
        return new VhdxHeader(sequenceNumber, fileWrite, dataWrite, logGuid, logVersion, version, logLength, logOffset);
    }

    public VhdxHeader withLogGuid(UUID log) {
        return new VhdxHeader(sequenceNumber, fileWriteGuid, dataWriteGuid, log, logVersion, version, logLength, logOffset);
    }
}
