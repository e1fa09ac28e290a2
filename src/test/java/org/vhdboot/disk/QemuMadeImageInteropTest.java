package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.LibvhdiReader;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.QemuImg;
import org.vhdboot.disk.testing.QemuIo;
import org.vhdboot.disk.testing.SevenZipReader;
import org.vhdboot.disk.testing.ToolRun;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images made by qemu-img and written by qemu-io must read correctly through the engine; and what the engine
 * writes into them, or into children of them, must read correctly back in qemu and libvhdi.
 */
class QemuMadeImageInteropTest {
    private static final long MIB = 1 << 20;

    /** qemu-io writes of a repeated byte: unaligned, sector-aligned, block-spanning and across the disk end. */
    private static final int[][] QEMU_WRITES = {
        {0x61, 1000, 70_000},
        {0x62, 1_048_000, 3_000},
        {0x63, 4 * 1024 * 1024, 512},
        {0x64, 5 * 1024 * 1024 - 512, 2 * 1024 * 1024 + 1024},
        {0x65, 9 * 1024 * 1024 + 17, 1},
        {0x66, 15 * 1024 * 1024 - 4096, 4096},
    };

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    private DiskModel writeWithQemuIo(String format, Path image, long size) throws Exception {
        QemuIo qemuIo = new QemuIo(dir);
        DiskModel model = new DiskModel(size);
        for (int[] write : QEMU_WRITES) {
            qemuIo.writePattern(format, image, write[0], write[1], write[2]);
            model.write(write[1], PatternBytes.filled(write[0], write[2]));
        }
        return model;
    }

    private long engineSize(Path image) throws Exception {
        try (Chain chain = images.open(image, false)) {
            return chain.size();
        }
    }

    private void assertHealthy(Path image) throws Exception {
        try (Chain chain = images.open(image, false)) {
            assertEquals(List.of(), chain.top().check());
        }
    }

    private void writeWithEngine(Path image, List<DiskWrite> writes, DiskModel model) throws Exception {
        try (Chain chain = images.open(image, true)) {
            for (DiskWrite write : writes) {
                chain.write(write.offset(), ByteBuffer.wrap(write.data()));
                model.write(write.offset(), write.data());
            }
        }
    }

    private void qemuVhdxRoundTrip(String options) throws Exception {
        Path image = dir.resolve("q.vhdx");
        QemuImg qemu = new QemuImg(dir);
        qemu.create("vhdx", image, 20 * MIB, options);
        DiskModel model = writeWithQemuIo("vhdx", image, 20 * MIB);
        assertEquals(20 * MIB, engineSize(image));
        assertArrayEquals(model.bytes(), DiskReads.readAll(images, image), "engine reads what qemu wrote");
        assertHealthy(image);

        writeWithEngine(image, WritePlan.unaligned(41, 20 * MIB, 12), model);
        ToolRun check = qemu.checkVhdx(image);
        assertEquals(0, check.exitCode(), check.stderr() + check.stdoutText());
        assertArrayEquals(model.bytes(), qemu.readVhdx(image), "qemu reads what the engine wrote");
    }

    @Test
    void dynamicVhdxWithZeroBlockStateReadsCorrectly() throws Exception {
        qemuVhdxRoundTrip("subformat=dynamic,block_size=1M,block_state_zero=on");
    }

    @Test
    void dynamicVhdxWithNotPresentBlockStateReadsCorrectly() throws Exception {
        qemuVhdxRoundTrip("subformat=dynamic,block_size=1M,block_state_zero=off");
    }

    @Test
    void dynamicVhdxWithQemusDefaultBlockSizeReadsCorrectly() throws Exception {
        qemuVhdxRoundTrip("subformat=dynamic");
    }

    @Test
    void fixedVhdxReadsCorrectly() throws Exception {
        qemuVhdxRoundTrip("subformat=fixed,block_size=1M");
    }

    @Test
    void anEngineChildOfAQemuVhdxReadsCorrectlyInLibvhdi() throws Exception {
        Path parent = dir.resolve("parent.vhdx");
        new QemuImg(dir).create("vhdx", parent, 20 * MIB, "block_size=1M,block_state_zero=on");
        DiskModel model = writeWithQemuIo("vhdx", parent, 20 * MIB);
        Path child = dir.resolve("child.vhdx");
        images.createChild(child, parent);
        writeWithEngine(child, WritePlan.unaligned(42, 20 * MIB, 12), model);
        assertArrayEquals(model.bytes(), DiskReads.readAll(images, child), "engine");
        assertArrayEquals(model.bytes(), new LibvhdiReader(dir).read(parent, child), "libvhdi");
    }

    @Test
    void dynamicVhdReadsCorrectlyWithTheSizeQemuStored() throws Exception {
        Path image = dir.resolve("q.vhd");
        QemuImg qemu = new QemuImg(dir);
        qemu.create("vpc", image, 20 * MIB, "subformat=dynamic");
        long size = engineSize(image);
        // qemu rounds the request to CHS and stores that as the current size; the last block is partial.
        assertEquals(qemu.readVhd(image).length, size);
        assertTrue(size % (2 * MIB) != 0, "size " + size);
        DiskModel model = writeWithQemuIo("vpc", image, size);
        model.write(size - 700, PatternBytes.filled(0x67, 700));
        new QemuIo(dir).writePattern("vpc", image, 0x67, size - 700, 700);
        assertArrayEquals(model.bytes(), DiskReads.readAll(images, image), "engine reads what qemu wrote");
        assertHealthy(image);

        writeWithEngine(image, WritePlan.unaligned(43, size, 12), model);
        assertArrayEquals(model.bytes(), qemu.readVhd(image), "qemu reads what the engine wrote");
    }

    @Test
    void fixedVhdReadsCorrectly() throws Exception {
        Path image = dir.resolve("q.vhd");
        QemuImg qemu = new QemuImg(dir);
        qemu.create("vpc", image, 16 * MIB, "subformat=fixed,force_size=on");
        assertEquals(16 * MIB, engineSize(image));
        DiskModel model = writeWithQemuIo("vpc", image, 16 * MIB);
        assertArrayEquals(model.bytes(), DiskReads.readAll(images, image), "engine reads what qemu wrote");

        writeWithEngine(image, WritePlan.unaligned(44, 16 * MIB, 12), model);
        assertArrayEquals(model.bytes(), qemu.readVhd(image), "qemu reads what the engine wrote");
    }

    @Test
    void anEngineChildOfAQemuVhdReadsCorrectlyIn7Zip() throws Exception {
        Path parent = dir.resolve("parent.vhd");
        new QemuImg(dir).create("vpc", parent, 20 * MIB, "subformat=dynamic,force_size=on");
        DiskModel model = writeWithQemuIo("vpc", parent, 20 * MIB);
        Path child = dir.resolve("child.vhd");
        images.createChild(child, parent);
        writeWithEngine(child, WritePlan.unaligned(45, 20 * MIB, 12), model);
        assertArrayEquals(model.bytes(), DiskReads.readAll(images, child), "engine");
        assertArrayEquals(model.bytes(), new SevenZipReader(dir).read(child), "7-Zip");
    }
}
