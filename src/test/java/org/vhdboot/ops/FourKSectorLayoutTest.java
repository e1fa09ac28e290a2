package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.layout.Role;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A parent with 4096-byte logical sectors: init and reset make children with the same sectors, which read through. */
class FourKSectorLayoutTest {
    @TempDir
    Path dir;

    @Test
    void initAndResetWorkOnAFourKSectorParent() throws Exception {
        TestWorld world = new TestWorld();
        Path parent = dir.resolve("Gold4k.vhdx");
        DiskImages images = new DiskImages();
        images.create(parent, ImageSpec.dynamic(16 << 20).withBlockSize(1 << 20).withSectorSizes(4096, 4096));
        byte[] golden = "golden 4K sector".getBytes(StandardCharsets.US_ASCII);
        try (Chain disk = images.open(parent, true)) {
            disk.write(8192, ByteBuffer.wrap(golden));
        }
        world.init(InitOptions.parent(parent).bootStore("none"));
        Path current = dir.resolve("Gold4k-Current.vhdx");
        try (Chain disk = images.open(current, true)) {
            assertEquals(4096, disk.top().logicalSectorSize());
            assertArrayEquals(golden, read(disk, 8192, golden.length));
            disk.write(0, ByteBuffer.wrap("user".getBytes(StandardCharsets.US_ASCII)));
        }
        world.reset(dir, Role.CURRENT);
        try (Chain disk = images.open(current, false)) {
            assertEquals(4096, disk.top().logicalSectorSize());
            assertEquals(0, disk.top().info().allocatedBytes());
            assertArrayEquals(new byte[4], read(disk, 0, 4));
            assertArrayEquals(golden, read(disk, 8192, golden.length));
        }
        StatusOperation.Report status = world.status(dir);
        assertTrue(status.healthy(), status.problems().toString());
    }

    private static byte[] read(Chain disk, long offset, int length) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        disk.read(offset, buffer);
        return buffer.array();
    }
}
