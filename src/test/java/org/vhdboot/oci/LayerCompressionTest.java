package org.vhdboot.oci;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerCompressionTest {
    @Test
    void zstdRoundTripsAndShrinksDiskLikeContent() throws IOException {
        // A quarter random clusters, some runs of one letter, the rest zero.
        byte[] image = new byte[8 << 20];
        Random random = new Random(5);
        for (int offset = 0; offset < image.length; offset += 4096) {
            if (random.nextInt(4) == 0) {
                byte[] noise = new byte[4096];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, image, offset, 4096);
            } else if (random.nextBoolean()) {
                java.util.Arrays.fill(image, offset, offset + 4096, (byte) ('A' + random.nextInt(26)));
            }
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = LayerCompression.ZSTD.compressing(compressed)) {
            out.write(image);
        }
        assertTrue(compressed.size() < image.length / 2, "compressed to " + compressed.size());
        try (InputStream in = LayerCompression.ZSTD.decompressing(new ByteArrayInputStream(compressed.toByteArray()))) {
            assertArrayEquals(image, in.readAllBytes());
        }
    }

    @Test
    void aFrameAskingForAHugeWindowIsRefusedInsteadOfAllocated() {
        // zstd magic, a frame header without single segment, and a window descriptor for 2^31 bytes.
        byte[] hostile = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x00, (byte) 0xA8, 0x01, 0x00, 0x00};
        assertThrows(IOException.class, () -> {
            try (InputStream in = LayerCompression.ZSTD.decompressing(new ByteArrayInputStream(hostile))) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void noneIsTheIdentity() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(out, LayerCompression.NONE.compressing(out));
        assertEquals(LayerMediaType.VHDX_ZSTD, LayerMediaType.of("vhdx", LayerCompression.ZSTD));
        assertEquals("application/vnd.vhdboot.layer.v1.vhd", LayerMediaType.of("vhd", LayerCompression.NONE).value());
    }
}
