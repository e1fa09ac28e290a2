package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.testing.GuidBytes;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MsGuidTest {
    private static final UUID BAT = UUID.fromString("2DC27766-F623-4200-9D64-115E9BFD4A08");
    private static final byte[] BAT_ON_DISK = HexFormat.of().parseHex("6677C22D23F600429D64115E9BFD4A08");

    @Test
    void writesTheReferenceExampleBytes() {
        ByteBuffer b = ByteBuffer.allocate(20);
        MsGuid.write(b, 4, BAT);
        assertArrayEquals(BAT_ON_DISK, java.util.Arrays.copyOfRange(b.array(), 4, 20));
    }

    @Test
    void readsTheReferenceExampleBytes() {
        ByteBuffer b = ByteBuffer.allocate(20).put(4, BAT_ON_DISK);
        assertEquals(BAT, MsGuid.read(b, 4));
    }

    @Test
    void agreesWithAnIndependentEncoderForRandomGuids() {
        for (int i = 0; i < 100; i++) {
            UUID guid = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16);
            MsGuid.write(b, 0, guid);
            assertArrayEquals(GuidBytes.encode(guid), b.array());
            assertEquals(guid, MsGuid.read(ByteBuffer.wrap(GuidBytes.encode(guid)), 0));
        }
    }

    @Test
    void ignoresTheBufferByteOrder() {
        ByteBuffer little = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        MsGuid.write(little, 0, BAT);
        assertArrayEquals(BAT_ON_DISK, little.array());
    }

    @Test
    void bracesLowercaseForParentLocators() {
        assertEquals("{2dc27766-f623-4200-9d64-115e9bfd4a08}", MsGuid.braced(BAT));
    }

    @Test
    void parsesBracedAndBareGuidsInAnyCase() {
        assertEquals(BAT, MsGuid.parseBraced("{2DC27766-F623-4200-9D64-115E9BFD4A08}"));
        assertEquals(BAT, MsGuid.parseBraced("2dc27766-f623-4200-9d64-115e9bfd4a08"));
        assertEquals(BAT, MsGuid.parseBraced(" {2dc27766-f623-4200-9d64-115e9bfd4a08} "));
    }

    @Test
    void rejectsTextThatIsNoGuid() {
        assertNull(MsGuid.parseBraced(null));
        assertNull(MsGuid.parseBraced("{not-a-guid}"));
        assertNull(MsGuid.parseBraced("{2dc27766-f623-4200-9d64-115e9bfd4a0}"));
        assertNull(MsGuid.parseBraced("{2dc27766-f623-4200-9d64-115e9bfd4a0z}"));
    }
}
