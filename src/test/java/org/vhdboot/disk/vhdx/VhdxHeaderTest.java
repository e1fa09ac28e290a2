package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.GuidBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VhdxHeaderTest {
    private static final UUID FILE_WRITE = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final UUID DATA_WRITE = UUID.fromString("66666666-7777-8888-9999-aaaaaaaaaaaa");
    private static final UUID LOG = UUID.fromString("bbbbbbbb-cccc-dddd-eeee-ffffffffffff");
    private static final long MIB = 1 << 20;

    /** A header laid out from reference 2.3, signed with CRC-32C over all 4 KiB. */
    static byte[] headerBytes(long sequence, UUID logGuid, long logOffset, int logLength) {
        byte[] bytes = new byte[4096];
        ByteBuffer b = VhdxFileEditor.le(bytes);
        b.put(0, "head".getBytes(StandardCharsets.US_ASCII));
        b.putLong(8, sequence);
        b.put(16, GuidBytes.encode(FILE_WRITE));
        b.put(32, GuidBytes.encode(DATA_WRITE));
        b.put(48, GuidBytes.encode(logGuid));
        b.putShort(64, (short) 0);
        b.putShort(66, (short) 1);
        b.putInt(68, logLength);
        b.putLong(72, logOffset);
        return VhdxFileEditor.sign(bytes);
    }

    @Test
    void parsesEveryField() throws Exception {
        VhdxHeader header = VhdxHeader.parse(headerBytes(42, LOG, MIB, (int) MIB), "t");
        assertEquals(42, header.sequenceNumber());
        assertEquals(FILE_WRITE, header.fileWriteGuid());
        assertEquals(DATA_WRITE, header.dataWriteGuid());
        assertEquals(LOG, header.logGuid());
        assertEquals(0, header.logVersion());
        assertEquals(1, header.version());
        assertEquals(MIB, header.logLength());
        assertEquals(MIB, header.logOffset());
        assertFalse(header.logEmpty());
    }

    @Test
    void rewritesAParsedHeaderByteForByte() throws Exception {
        byte[] original = headerBytes(7, LOG, 5 * MIB, (int) (2 * MIB));
        assertArrayEquals(original, VhdxHeader.parse(original, "t").toBytes());
    }

    @Test
    void signsWithCrc32cOverTheWholeHeader() {
        byte[] written = new VhdxHeader(3, FILE_WRITE, DATA_WRITE, MsGuid.ZERO, 0, 1, MIB, MIB).toBytes();
        assertEquals(VhdxFileEditor.crc32c(written, 4), VhdxFileEditor.le(written).getInt(4));
    }

    @Test
    void aZeroLogGuidMeansAnEmptyLog() throws Exception {
        assertTrue(VhdxHeader.parse(headerBytes(1, MsGuid.ZERO, MIB, (int) MIB), "t").logEmpty());
    }

    @Test
    void refusesABadCrc() {
        byte[] bytes = headerBytes(1, LOG, MIB, (int) MIB);
        bytes[4000] ^= 1;
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> VhdxHeader.parse(bytes, "h1"));
        assertTrue(e.getMessage().startsWith("h1: CRC-32C mismatch"), e.getMessage());
    }

    @Test
    void refusesAMissingSignature() {
        byte[] bytes = headerBytes(1, LOG, MIB, (int) MIB);
        bytes[0] = 'H';
        assertThrows(InvalidImageException.class, () -> VhdxHeader.parse(VhdxFileEditor.sign(bytes), "h1"));
    }

    @Test
    void refusesUnknownVersions() {
        byte[] version2 = headerBytes(1, LOG, MIB, (int) MIB);
        VhdxFileEditor.le(version2).putShort(66, (short) 2);
        assertThrows(InvalidImageException.class, () -> VhdxHeader.parse(VhdxFileEditor.sign(version2), "h1"));
        byte[] logVersion1 = headerBytes(1, LOG, MIB, (int) MIB);
        VhdxFileEditor.le(logVersion1).putShort(64, (short) 1);
        assertThrows(InvalidImageException.class, () -> VhdxHeader.parse(VhdxFileEditor.sign(logVersion1), "h1"));
    }

    @Test
    void refusesALogThatIsNotMebibyteAligned() {
        assertThrows(InvalidImageException.class, () -> VhdxHeader.parse(headerBytes(1, LOG, MIB + 4096, (int) MIB), "h"));
        assertThrows(InvalidImageException.class, () -> VhdxHeader.parse(headerBytes(1, LOG, 0, (int) MIB), "h"));
        assertThrows(InvalidImageException.class, () -> VhdxHeader.parse(headerBytes(1, LOG, MIB, 4096), "h"));
    }

    @Test
    void copiesChangeOnlyTheNamedField() {
        VhdxHeader header = new VhdxHeader(3, FILE_WRITE, DATA_WRITE, LOG, 0, 1, MIB, MIB);
        assertEquals(new VhdxHeader(9, FILE_WRITE, DATA_WRITE, LOG, 0, 1, MIB, MIB), header.withSequence(9));
        assertEquals(new VhdxHeader(3, FILE_WRITE, DATA_WRITE, MsGuid.ZERO, 0, 1, MIB, MIB),
                header.withLogGuid(MsGuid.ZERO));
        assertEquals(new VhdxHeader(3, LOG, FILE_WRITE, LOG, 0, 1, MIB, MIB), header.withWriteGuids(LOG, FILE_WRITE));
    }
}
