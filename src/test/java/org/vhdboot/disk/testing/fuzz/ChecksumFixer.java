package org.vhdboot.disk.testing.fuzz;

import org.vhdboot.disk.testing.VhdFileEditor;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Recomputes, after a mutation, every checksum a reader checks first, so that mutants reach the code behind
 * the checksum gates: VHD footers and dynamic header (ones' complement sums), VHDX headers, region tables and
 * log entries (CRC-32C). Whatever signature survives the mutation is signed again; nothing else changes.
 */
final class ChecksumFixer {
    private static final int SECTOR = 4096;

    private ChecksumFixer() {
    }

    static void fix(byte[] file, String name) {
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".vhdx")) {
            fixVhdx(file);
        } else {
            fixVhd(file);
        }
    }

    private static boolean signature(byte[] bytes, long at, String expected) {
        byte[] want = expected.getBytes(StandardCharsets.US_ASCII);
        return at >= 0 && at + want.length <= bytes.length
                && Arrays.equals(bytes, (int) at, (int) at + want.length, want, 0, want.length);
    }

    private static void fixVhd(byte[] file) {
        long dataOffset = -1;
        for (long at : new long[] {0, file.length - 512L}) {
            if (signature(file, at, "conectix") && at + 512 <= file.length) {
                byte[] footer = Arrays.copyOfRange(file, (int) at, (int) at + 512);
                ByteBuffer.wrap(file).putInt((int) at + 64, VhdFileEditor.checksum(footer, 64));
                dataOffset = ByteBuffer.wrap(footer).getLong(16);
            }
        }
        if (dataOffset >= 0 && dataOffset <= file.length - 1024L && signature(file, dataOffset, "cxsparse")) {
            byte[] header = Arrays.copyOfRange(file, (int) dataOffset, (int) dataOffset + 1024);
            ByteBuffer.wrap(file).putInt((int) dataOffset + 36, VhdFileEditor.checksum(header, 36));
        }
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void fixVhdx(byte[] file) {
        fixLogEntries(file);
        for (long slot : VhdxFileEditor.HEADER_SLOTS) {
            sign(file, slot, VhdxFileEditor.HEADER_SIZE, "head");
        }
        for (long slot : VhdxFileEditor.REGION_TABLE_SLOTS) {
            sign(file, slot, VhdxFileEditor.REGION_TABLE_SIZE, "regi");
        }
    }

    private static void sign(byte[] file, long at, int length, String signature) {
        if (signature(file, at, signature) && at + length <= file.length) {
            byte[] structure = Arrays.copyOfRange(file, (int) at, (int) at + length);
            le(file).putInt((int) at + 4, VhdxFileEditor.crc32c(structure, 4));
        }
    }

    /** Signs every sector of the log that starts an entry header, over the length the header claims. */
    private static void fixLogEntries(byte[] file) {
        long[] log = currentLog(file);
        if (log == null) {
            return;
        }
        long offset = log[0];
        int length = (int) log[1];
        for (int at = 0; at < length; at += SECTOR) {
            if (!signature(file, offset + at, "loge")) {
                continue;
            }
            long entryLength = Integer.toUnsignedLong(le(file).getInt((int) offset + at + 8));
            if (entryLength == 0 || entryLength % SECTOR != 0 || entryLength > length) {
                continue;
            }
            CRC32C crc = new CRC32C();
            for (long done = 0; done < entryLength; done += SECTOR) {
                int sector = (int) (offset + (at + done) % length);
                byte[] bytes = Arrays.copyOfRange(file, sector, sector + SECTOR);
                if (done == 0) {
                    le(bytes).putInt(4, 0);
                }
                crc.update(bytes);
            }
            le(file).putInt((int) offset + at + 4, (int) crc.getValue());
        }
    }

    /** Offset and length of the log the newer signed header names, when it lies inside the file. */
    private static long[] currentLog(byte[] file) {
        long[] best = null;
        long bestSequence = 0;
        for (long slot : VhdxFileEditor.HEADER_SLOTS) {
            if (!signature(file, slot, "head") || slot + 80 > file.length) {
                continue;
            }
            ByteBuffer header = le(file);
            long sequence = header.getLong((int) slot + 8);
            long length = Integer.toUnsignedLong(header.getInt((int) slot + 68));
            long offset = header.getLong((int) slot + 72);
            boolean inside = offset >= 0 && length > 0 && length % SECTOR == 0 && offset <= file.length - length;
            if (inside && (best == null || Long.compareUnsigned(sequence, bestSequence) > 0)) {
                best = new long[] {offset, length};
                bestSequence = sequence;
            }
        }
        return best;
    }
}
