package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.LayerCompression;
import org.vhdboot.oci.LayerMediaType;
import org.vhdboot.oci.VersionLayer;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unpacking that follows a download: it reads only what the download says it wrote, gives up when the download
 * starts over or fails (leaving no half-unpacked file), and otherwise ends with the file and its SHA-256.
 */
class StreamingUnpackTest {
    @TempDir
    Path temp;

    private byte[] image;
    private byte[] blob;
    private VersionLayer layer;
    private Path part;
    private Path staged;

    @BeforeEach
    void aCompressedLayer() throws Exception {
        // Half random pages, half zero ones, as a layer file is: it compresses to about half.
        image = new byte[3 << 20];
        Random random = new Random(5);
        byte[] page = new byte[8192];
        for (int at = 0; at < image.length; at += page.length) {
            if (random.nextBoolean()) {
                random.nextBytes(page);
                System.arraycopy(page, 0, image, at, page.length);
            }
        }
        pack();
        part = temp.resolve("layer.vhdboot-part");
        staged = temp.resolve("layer.vhdboot-tmp.vhdx");
        Files.createFile(part);
    }

    /** {@link #image} as a zstd layer blob. */
    private void pack() throws Exception {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = LayerCompression.ZSTD.compressing(packed)) {
            out.write(image);
        }
        blob = packed.toByteArray();
        layer = new VersionLayer(LayerMediaType.VHDX_ZSTD, Digest.of(blob), blob.length, "2026-12", "", Instant.EPOCH,
                64L << 20, UUID.randomUUID(), UUID.randomUUID(), Digest.of(image), image.length, null);
    }

    /** Appends {@code bytes} of the blob to the part, as the download's writer does, then says so. */
    private void arrive(StreamingUnpack unpack, int from, int to) throws Exception {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(blob, from, to - from), from);
        }
        unpack.progress(to, blob.length);
    }

    @Test
    void whatArrivesInPiecesIsUnpackedWhole() throws Exception {
        try (StreamingUnpack unpack = StreamingUnpack.start(layer, part, staged, IoStepHook.NONE)) {
            int third = blob.length / 3;
            arrive(unpack, 0, third);
            arrive(unpack, third, 2 * third);
            arrive(unpack, 2 * third, blob.length);
            StreamingUnpack.Outcome outcome = unpack.finish();
            assertNull(outcome.failure());
            assertEquals(Digest.of(image), outcome.sha256());
            assertEquals(image.length, outcome.size());
        }
        assertArrayEquals(image, Files.readAllBytes(staged));
    }

    /**
     * The unpacking's buffers serve again once written: with a writer slower than the decompressor, a buffer given
     * back before its write ends would be refilled under it, and a later MiB would land (and be hashed) in its place.
     */
    @Test
    void aSlowWriterGetsEveryMebibyteAsUnpackedThoughBuffersServeAgain() throws Exception {
        image = new byte[24 << 20];
        new Random(7).nextBytes(image);
        pack();
        Files.write(part, blob);
        IoStepHook slowWrites = (step, path, position, length) -> {
            if (step == IoStepHook.Step.WRITE) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (StreamingUnpack unpack = StreamingUnpack.start(layer, part, staged, slowWrites)) {
            StreamingUnpack.Outcome outcome = unpack.finish();
            assertNull(outcome.failure());
            assertEquals(Digest.of(image), outcome.sha256());
        }
        assertArrayEquals(image, Files.readAllBytes(staged));
    }

    @Test
    void aCompletePartIsUnpackedWholeAsTheRetryAfterAStartOverDoes() throws Exception {
        Files.write(part, blob);
        try (StreamingUnpack unpack = StreamingUnpack.start(layer, part, staged, IoStepHook.NONE)) {
            StreamingUnpack.Outcome outcome = unpack.finish();
            assertNull(outcome.failure());
            assertEquals(Digest.of(image), outcome.sha256());
        }
        assertArrayEquals(image, Files.readAllBytes(staged));
    }

    @Test
    void aDownloadThatStartsOverStopsItAndLeavesNothing() throws Exception {
        try (StreamingUnpack unpack = StreamingUnpack.start(layer, part, staged, IoStepHook.NONE)) {
            arrive(unpack, 0, blob.length / 2);
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                out.truncate(0);
            }
            arrive(unpack, 0, 1000);
            arrive(unpack, 1000, blob.length);
            assertTrue(unpack.finish().restarted(), "the caller unpacks again from the complete part");
        }
        assertFalse(Files.exists(staged));
    }

    @Test
    void aDownloadThatFailsStopsItAndLeavesNothing() throws Exception {
        try (StreamingUnpack unpack = StreamingUnpack.start(layer, part, staged, IoStepHook.NONE)) {
            arrive(unpack, 0, blob.length / 2);
        }
        assertFalse(Files.exists(staged));
    }
}
