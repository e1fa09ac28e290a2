package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A parent with 4096-byte logical sectors: init and reset make children with the same sectors, which read through. */
class FourKSectorLayoutTest {
    @TempDir
    Path dir;

    @Test
    void initAndResetWorkOnAFourKSectorParent() throws Exception {
        Services services = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(new FakePlatform());
        Path parent = dir.resolve("Gold4k.vhdx");
        DiskImages images = new DiskImages();
        images.create(parent, ImageSpec.dynamic(16 << 20).withBlockSize(1 << 20).withSectorSizes(4096, 4096));
        byte[] golden = "golden 4K sector".getBytes(StandardCharsets.US_ASCII);
        try (Chain disk = images.open(parent, true)) {
            disk.write(8192, ByteBuffer.wrap(golden));
        }
        CommandRun init = CommandRun.with(services, "init", "--parent", parent.toString(), "--boot-store", "none");
        assertEquals(0, init.exitCode(), init.toString());
        Path current = dir.resolve("Gold4k-Current.vhdx");
        try (Chain disk = images.open(current, true)) {
            assertEquals(4096, disk.top().logicalSectorSize());
            assertArrayEquals(golden, read(disk, 8192, golden.length));
            disk.write(0, ByteBuffer.wrap("user".getBytes(StandardCharsets.US_ASCII)));
        }
        CommandRun reset = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
        assertEquals(0, reset.exitCode(), reset.toString());
        try (Chain disk = images.open(current, false)) {
            assertEquals(4096, disk.top().logicalSectorSize());
            assertEquals(0, disk.top().info().allocatedBytes());
            assertArrayEquals(new byte[4], read(disk, 0, 4));
            assertArrayEquals(golden, read(disk, 8192, golden.length));
        }
        CommandRun status = CommandRun.with(services, "status", "--layout", dir.toString());
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("healthy"), status.out());
    }

    private static byte[] read(Chain disk, long offset, int length) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        disk.read(offset, buffer);
        return buffer.array();
    }
}
