package org.vhdboot.disk.vhd;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParentLocatorEntryTest {

    private static ParentLocatorEntry withSpace(int dataSpace) {
        return new ParentLocatorEntry(ParentLocatorEntry.W2RU, dataSpace, 20, 4096);
    }

    @Test
    void dataSpaceBelowOneSectorCountsSectors() {
        assertEquals(512, withSpace(1).reservedBytes());
        assertEquals(8 * 512, withSpace(8).reservedBytes());
        assertEquals(128 * 512, withSpace(128).reservedBytes());
    }

    @Test
    void dataSpaceInWholeSectorsOfBytesCountsBytesAsWindowsWritesIt() {
        assertEquals(512, withSpace(512).reservedBytes());
        assertEquals(4096, withSpace(4096).reservedBytes());
        assertEquals(65536, withSpace(65536).reservedBytes());
    }

    @Test
    void writesTheTwentyFourByteLayout() {
        ByteBuffer b = ByteBuffer.allocate(48);
        new ParentLocatorEntry(ParentLocatorEntry.W2KU, 512, 46, 0x123456789AL).writeTo(b, 24);
        byte[] expected = new byte[24];
        ByteBuffer e = ByteBuffer.wrap(expected);
        e.put(0, "W2ku".getBytes(StandardCharsets.US_ASCII));
        e.putInt(4, 512);
        e.putInt(8, 46);
        e.putLong(16, 0x123456789AL);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(b.array(), 24, 48));
        assertEquals(new ParentLocatorEntry(ParentLocatorEntry.W2KU, 512, 46, 0x123456789AL),
                ParentLocatorEntry.parse(b, 24));
    }

    @Test
    void namesItsPlatform() {
        assertEquals("W2ru", withSpace(1).platformName());
        assertEquals("MacX", new ParentLocatorEntry(ParentLocatorEntry.MACX, 1, 1, 0).platformName());
    }

    @Test
    void windowsLocatorsAreUtf16LittleEndian() {
        byte[] stored = ".\\Pärent.vhd".getBytes(StandardCharsets.UTF_16LE);
        assertEquals(".\\Pärent.vhd", withSpace(1).decode(stored));
    }

    @Test
    void macLocatorsAreUtf8() {
        ParentLocatorEntry mac = new ParentLocatorEntry(ParentLocatorEntry.MACX, 1, 1, 0);
        assertEquals("file://localhost/d/p.vhd", mac.decode("file://localhost/d/p.vhd".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aZeroPlatformCodeIsAnUnusedEntry() {
        assertFalse(ParentLocatorEntry.UNUSED.used());
        assertTrue(withSpace(1).used());
    }
}
