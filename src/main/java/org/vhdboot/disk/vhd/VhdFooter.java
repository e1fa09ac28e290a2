package org.vhdboot.disk.vhd;

import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.InvalidImageException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The 512-byte VHD footer, big-endian. Trailing in every VHD, and copied at offset 0 in dynamic ones. */
public record VhdFooter(
        int features,
        long dataOffset,
        int timestamp,
        String creatorApplication,
        int creatorVersion,
        String creatorHostOs,
        long originalSize,
        long currentSize,
        DiskGeometry geometry,
        int diskType,
        UUID uniqueId,
        byte savedState) {

    public static final int SIZE = 512;
    public static final int FORMAT_VERSION = 0x0001_0000;
    public static final long NO_DATA_OFFSET = -1L;
    static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
    /** Bit 1 is reserved and must always be set. */
    static final int FEATURES_RESERVED = 0x2;
    static final int TYPE_FIXED = 2;
    static final int TYPE_DYNAMIC = 3;
    static final int TYPE_DIFFERENCING = 4;
    private static final int CHECKSUM_OFFSET = 64;
    /** Bytes in a VHD: the BAT addresses 32-bit sector numbers, so no file exceeds 2 TiB. */
    public static final long MAX_SIZE = 2040L << 30;

    public static boolean hasCookie(byte[] bytes) {
        if (bytes.length < COOKIE.length) {
            return false;
        }
        for (int i = 0; i < COOKIE.length; i++) {
            if (bytes[i] != COOKIE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parses and validates a footer; {@code where} names it in error messages. */
    public static VhdFooter parse(byte[] bytes, String where) throws InvalidImageException {
        if (!hasCookie(bytes)) {
            throw new InvalidImageException(where + ": no VHD footer (cookie \"conectix\" missing)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int stored = b.getInt(CHECKSUM_OFFSET);
        int computed = VhdChecksum.compute(bytes, CHECKSUM_OFFSET);
        if (stored != computed) {
            throw new InvalidImageException(String.format("%s: footer checksum mismatch (stored 0x%08X, computed 0x%08X)",
                    where, stored, computed));
        }
        int version = b.getInt(12);
        if (version != FORMAT_VERSION) {
            throw new InvalidImageException(String.format("%s: unknown VHD format version 0x%08X (expected 0x%08X)",
                    where, version, FORMAT_VERSION));
        }
        int type = b.getInt(60);
        if (type != TYPE_FIXED && type != TYPE_DYNAMIC && type != TYPE_DIFFERENCING) {
            throw new InvalidImageException(where + ": unsupported VHD disk type " + type);
        }
        long current = b.getLong(48);
        if (current <= 0 || current % 512 != 0) {
            throw new InvalidImageException(where + ": virtual size " + current + " is not a positive multiple of 512");
        }
        if (current > MAX_SIZE) {
            throw new InvalidImageException(where + ": virtual size " + current + " bytes is beyond the VHD limit of "
                    + MAX_SIZE + " (2040 GiB)");
        }
        DiskGeometry geometry = new DiskGeometry(b.getShort(56) & 0xFFFF, b.get(58) & 0xFF, b.get(59) & 0xFF);
        return new VhdFooter(b.getInt(8), b.getLong(16), b.getInt(24), ascii(bytes, 28), b.getInt(32),
                ascii(bytes, 36), b.getLong(40), current, geometry, type, uuid(b, 68), b.get(84));
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.put(COOKIE);
        b.putInt(8, features);
        b.putInt(12, FORMAT_VERSION);
        b.putLong(16, dataOffset);
        b.putInt(24, timestamp);
        b.put(28, fourChars(creatorApplication));
        b.putInt(32, creatorVersion);
        b.put(36, fourChars(creatorHostOs));
        b.putLong(40, originalSize);
        b.putLong(48, currentSize);
        b.putShort(56, (short) geometry.cylinders());
        b.put(58, (byte) geometry.heads());
        b.put(59, (byte) geometry.sectorsPerTrack());
        b.putInt(60, diskType);
        b.putLong(68, uniqueId.getMostSignificantBits());
        b.putLong(76, uniqueId.getLeastSignificantBits());
        b.put(84, savedState);
        b.putInt(CHECKSUM_OFFSET, VhdChecksum.compute(bytes, CHECKSUM_OFFSET));
        return bytes;
    }

    public DiskType type() {
        switch (diskType) {
            case TYPE_FIXED:
                return DiskType.FIXED;
            case TYPE_DYNAMIC:
                return DiskType.DYNAMIC;
            default:
                return DiskType.DIFFERENCING;
        }
    }

    static int typeCode(DiskType type) {
        switch (type) {
            case FIXED:
                return TYPE_FIXED;
            case DYNAMIC:
                return TYPE_DYNAMIC;
            default:
                return TYPE_DIFFERENCING;
        }
    }

    public String creator() {
        return String.format("%s %d.%d (%s)", printable(creatorApplication), creatorVersion >>> 16,
                creatorVersion & 0xFFFF, printable(creatorHostOs));
    }

    static UUID uuid(ByteBuffer b, int offset) {
        return new UUID(b.getLong(offset), b.getLong(offset + 8));
    }

    /** Keeps the four bytes exactly (ISO-8859-1 maps each byte to one char), so a rewrite is byte-identical. */
    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String code) {
        StringBuilder text = new StringBuilder(4);
        for (char c : code.toCharArray()) {
            text.append(c >= 0x20 && c < 0x7F ? c : c == 0 ? ' ' : '?');
        }
        return text.toString().strip();
    }

    private static byte[] fourChars(String text) {
        byte[] out = new byte[4];
        byte[] src = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(src, 0, out, 0, Math.min(4, src.length));
        return out;
    }
}
