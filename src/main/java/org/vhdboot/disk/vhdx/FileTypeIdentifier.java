package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The first 64 KiB of a VHDX: the signature {@code vhdxfile} and an optional UTF-16LE creator string. */
public record FileTypeIdentifier(String creator) {
    public static final int SIZE = 64 * 1024;
    static final int READ_SIZE = 8 + 512;
    static final int SIGNATURE_SIZE = 8;
    private static final byte[] SIGNATURE = "vhdxfile".getBytes(StandardCharsets.US_ASCII);

    /** Whether {@code bytes}, the start of a file, begin with the signature {@code vhdxfile}. */
    static boolean hasSignature(byte[] bytes) {
        return bytes.length >= SIGNATURE.length && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0,
                SIGNATURE.length);
    }

    public static FileTypeIdentifier parse(byte[] bytes, String where) throws InvalidImageException {
        if (!hasSignature(bytes)) {
            throw new InvalidImageException(where + " is not a VHDX: file type identifier \"vhdxfile\" missing");
        }
        int end = 8;
        while (end + 1 < READ_SIZE && (bytes[end] != 0 || bytes[end + 1] != 0)) {
            end += 2;
        }
        return new FileTypeIdentifier(new String(bytes, 8, end - 8, StandardCharsets.UTF_16LE));
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[SIZE];
        System.arraycopy(SIGNATURE, 0, bytes, 0, SIGNATURE.length);
        byte[] text = creator.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(text, 0, bytes, 8, Math.min(text.length, 510));
        return bytes;
    }
}
