package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.VhdxFileEditor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileParametersTest {

    private static byte[] bytes(int blockSize, int flags) {
        byte[] bytes = new byte[8];
        VhdxFileEditor.le(bytes).putInt(0, blockSize).putInt(4, flags);
        return bytes;
    }

    @Test
    void parsesBlockSizeAndFlags() throws Exception {
        assertEquals(new FileParameters(32L << 20, false, false), FileParameters.parse(bytes(32 << 20, 0), "t"));
        assertEquals(new FileParameters(1L << 20, true, false), FileParameters.parse(bytes(1 << 20, 1), "t"));
        assertEquals(new FileParameters(2L << 20, false, true), FileParameters.parse(bytes(2 << 20, 2), "t"));
    }

    @Test
    void writesTheEightByteLayout() {
        assertArrayEquals(bytes(256 << 20, 3), new FileParameters(256L << 20, true, true).toBytes());
    }

    @Test
    void refusesBlockSizesOutsideOneToTwoHundredFiftySixMebibytesOrNotPowersOfTwo() {
        for (int blockSize : new int[] {0, 512 << 10, 3 << 20, 512 << 20, -(1 << 31)}) {
            assertThrows(InvalidImageException.class, () -> FileParameters.parse(bytes(blockSize, 0), "t"),
                    "block size " + blockSize);
        }
    }
}
