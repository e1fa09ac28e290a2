package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.InvalidImageException;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileTypeIdentifierTest {

    @Test
    void writesTheSignatureAndAUtf16Creator() {
        byte[] bytes = new FileTypeIdentifier("vhdboot 1.2").toBytes();
        assertEquals(64 * 1024, bytes.length);
        assertArrayEquals("vhdxfile".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(bytes, 8));
        byte[] creator = "vhdboot 1.2".getBytes(StandardCharsets.UTF_16LE);
        assertArrayEquals(creator, java.util.Arrays.copyOfRange(bytes, 8, 8 + creator.length));
        assertEquals(0, bytes[8 + creator.length]);
    }

    @Test
    void readsTheCreatorBack() throws Exception {
        byte[] bytes = new FileTypeIdentifier("QEMU v7.2.22").toBytes();
        assertEquals("QEMU v7.2.22", FileTypeIdentifier.parse(java.util.Arrays.copyOf(bytes, 520), "t").creator());
    }

    @Test
    void cutsACreatorLongerThanItsField() throws Exception {
        byte[] bytes = new FileTypeIdentifier("x".repeat(400)).toBytes();
        assertEquals("x".repeat(255), FileTypeIdentifier.parse(java.util.Arrays.copyOf(bytes, 520), "t").creator());
    }

    @Test
    void refusesAMissingSignature() {
        byte[] bytes = new FileTypeIdentifier("c").toBytes();
        bytes[7] = 'E';
        assertThrows(InvalidImageException.class, () -> FileTypeIdentifier.parse(bytes, "t"));
    }
}
